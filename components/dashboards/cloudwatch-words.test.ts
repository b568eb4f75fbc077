import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { CLOUDWATCH_NAME_RULE, cloudWatchNameProblem } from '@/lib/dashboards/cloudwatch-name';
import en from '@/messages/en.json';
import ko from '@/messages/ko.json';
import { nameProblemText } from './cloudwatch-words';

const say = (messages: typeof en, locale: 'en' | 'ko') => {
  const t = createTranslator({ locale, messages, namespace: 'Dashboards' });
  return (name: string) => nameProblemText(cloudWatchNameProblem(name)!, t);
};

describe("a CloudWatch name's problem, said", () => {
  it('in English as the API says it, with the rule first', () => {
    const english = say(en, 'en');
    expect(['백엔드 오류', 'api.errors.v2', '', 'x'.repeat(256)].map(english)).toEqual([
      `${CLOUDWATCH_NAME_RULE}: "백" "엔" "드" " " "오" "류" are not allowed`,
      `${CLOUDWATCH_NAME_RULE}: "." is not allowed`,
      `${CLOUDWATCH_NAME_RULE}: it is empty`,
      `${CLOUDWATCH_NAME_RULE}: this one is 256 characters long`,
    ]);
  });

  it('in Korean, quoting the refused characters as typed', () => {
    const korean = say(ko, 'ko');
    expect(['백엔드 오류', '', 'x'.repeat(256)].map(korean)).toEqual([
      'CloudWatch 대시보드 이름에는 영문자, 숫자, "-", "_"만 1~255자까지 쓸 수 있습니다: "백" "엔" "드" " " "오" "류"은(는) 쓸 수 없습니다',
      'CloudWatch 대시보드 이름에는 영문자, 숫자, "-", "_"만 1~255자까지 쓸 수 있습니다: 이름이 비어 있습니다',
      'CloudWatch 대시보드 이름에는 영문자, 숫자, "-", "_"만 1~255자까지 쓸 수 있습니다: 지금 256자입니다',
    ]);
  });
});
