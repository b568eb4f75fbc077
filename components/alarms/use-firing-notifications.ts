'use client';
import { useEffect, useRef, useState } from 'react';
import { newlyFiring } from './format';

type Permission = NotificationPermission | 'unsupported';

function beep() {
  const AudioContextClass = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!AudioContextClass) return;
  const ctx = new AudioContextClass();
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.value = 880;
  gain.gain.setValueAtTime(0.15, ctx.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.6);
  osc.connect(gain).connect(ctx.destination);
  osc.start();
  osc.stop(ctx.currentTime + 0.6);
  osc.onended = () => void ctx.close();
}

/**
 * Optional alerts while the page is open: a browser notification and a tone when an alarm starts
 * firing. Off until the user turns them on; the permission is asked on that click.
 */
export function useFiringNotifications(alarms: { name: string; state: string; stateReason: string }[] | undefined, cluster: string) {
  const [enabled, setEnabled] = useState(false);
  const [sound, setSound] = useState(true);
  const [permission, setPermission] = useState<Permission>('default');
  const firing = useRef<Set<string> | undefined>(undefined);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a browser-only API, read after hydration so the server's render matches
    setPermission(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  }, []);

  useEffect(() => {
    if (!alarms) return;
    const fresh = newlyFiring(firing.current, alarms);
    firing.current = new Set(alarms.filter((a) => a.state === 'ALARM').map((a) => a.name));
    if (!enabled || fresh.length === 0) return;
    if (sound) beep();
    if (permission === 'granted') {
      for (const name of fresh) {
        const alarm = alarms.find((a) => a.name === name);
        new Notification(`ALARM: ${name}`, { body: alarm?.stateReason ?? '', tag: `watchdeck-${cluster}-${name}` });
      }
    }
  }, [alarms, enabled, sound, permission, cluster]);

  async function toggle() {
    if (enabled) return setEnabled(false);
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') setPermission(await Notification.requestPermission());
    setEnabled(true);
  }

  return { enabled, toggle, sound, setSound, permission };
}
