import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { bodyNoteText, type BodyNote } from '@/lib/dashboards/body-notes';
import { CLOUDWATCH_NAME_RULE, cloudWatchNameProblem } from '@/lib/dashboards/cloudwatch-name';
import en from '@/messages/en.json';
import ko from '@/messages/ko.json';
import type { MergeNote } from './merge';
import { mergeNoteText, nameProblemText, bodyNoteSaid } from './words';

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

describe('a merge note, said', () => {
  const notes: MergeNote[] = [
    { kind: 'title', mine: 'Mine', theirs: 'Theirs' },
    { kind: 'timeRange' },
    { kind: 'variables' },
    { kind: 'bothChanged', widget: { type: 'text', id: 'a', title: 'a' } },
    { kind: 'removedChanged', widget: { type: 'metric', id: 'm1', title: 'm1' } },
    { kind: 'changedRemoved', widget: { type: 'log', id: 'w1', title: 'ERROR_COUNT' } },
  ];

  it('in English as the merge has always said it', () => {
    const t = createTranslator({ locale: 'en', messages: en, namespace: 'Dashboards' });
    expect(notes.map((n) => mergeNoteText(n, t))).toEqual([
      'title: kept yours "Mine" over "Theirs"',
      'time range: kept yours',
      'variables: both edited; kept theirs and added yours that they lack',
      'text widget a: both of you changed it; theirs is in place and yours added below',
      'metric widget m1: you removed it, they changed it; kept their version',
      '"ERROR_COUNT": they removed it, you changed it; kept your version',
    ]);
  });

  it('in Korean, with the titles and ids as they are', () => {
    const t = createTranslator({ locale: 'ko', messages: ko, namespace: 'Dashboards' });
    expect(notes.map((n) => mergeNoteText(n, t))).toEqual([
      '제목: 상대의 "Theirs" 대신 내 "Mine"을(를) 유지했습니다',
      '기간: 내 설정을 유지했습니다',
      '변수: 둘 다 수정했습니다. 상대의 변수를 유지하고, 상대에게 없는 내 변수를 추가했습니다',
      '텍스트 위젯 a: 둘 다 수정했습니다. 상대 버전을 그 자리에 두고 내 버전을 아래에 추가했습니다',
      '지표 위젯 m1: 나는 삭제했고 상대는 수정했습니다. 상대 버전을 유지했습니다',
      '"ERROR_COUNT": 상대는 삭제했고 나는 수정했습니다. 내 버전을 유지했습니다',
    ]);
  });
});

describe('what an import or export could not carry, said', () => {
  // One note of each kind, with and without the optional parts.
  const notes: BodyNote[] = [
    { key: 'notKept', name: 'periodOverride' },
    { key: 'startNotString' },
    { key: 'variablesNotArray' },
    { key: 'relativeEnd', end: '2026-11-23T14:00:00Z' },
    { key: 'startTooShort', start: '-PT30S' },
    { key: 'notTimeRange', start: 'yesterday' },
    { key: 'notTimeRange', start: 'yesterday', end: 'today' },
    { key: 'variableNotPattern', index: 1 },
    { key: 'variableNotPattern', index: 2, id: 'instance' },
    { key: 'variableTwice', index: 3, name: 'env' },
    { key: 'widgetSkipped', index: 1, type: 'explorer', reason: { key: 'noSuchWidget', type: 'explorer' } },
    { key: 'widgetSkipped', index: 2, reason: { key: 'noSuchWidget' } },
    { key: 'widgetSkipped', index: 3, type: 'log', reason: { key: 'logWithoutQuery' } },
    { key: 'widgetSkipped', index: 4, type: 'log', reason: { key: 'logWithoutSource' } },
    { key: 'widgetSkipped', index: 5, type: 'log', reason: { key: 'logView', view: 'singleValue', views: 'table, timeSeries, bar, pie' } },
    { key: 'widgetSkipped', index: 6, type: 'alarm', reason: { key: 'alarmWithoutAlarms' } },
    { key: 'ownTimeRange', widget: 'w5' },
    { key: 'noRegion', widget: 'w1' },
  ];

  it('in English exactly as the import and export routes answer', () => {
    const t = createTranslator({ locale: 'en', messages: en, namespace: 'Dashboards' });
    expect(notes.map((n) => bodyNoteSaid(n, t))).toEqual(notes.map(bodyNoteText));
  });

  it('in Korean, keeping the names and values from the body as written', () => {
    const t = createTranslator({ locale: 'ko', messages: ko, namespace: 'Dashboards' });
    expect([notes[0], notes[8], notes[10], notes[11], notes[14], notes[17]].map((n) => bodyNoteSaid(n, t))).toEqual([
      'periodOverride: Watchdeck이 보관하지 않는 항목',
      '변수 2 (instance): {{name}} 패턴 변수만 보관함',
      '위젯 1 (explorer): Watchdeck에는 explorer 위젯이 없음',
      '위젯 2: Watchdeck에는 위젯이 없음',
      '위젯 5 (log): 보기 singleValue은(는) table, timeSeries, bar, pie 중 하나가 아님',
      '위젯 w1: 리전 (CloudWatch에는 리전이 필요합니다. 위젯에 리전을 지정하거나 AWS_REGION을 설정하세요)',
    ]);
  });
});
