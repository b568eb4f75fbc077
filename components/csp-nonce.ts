'use client';
import { createContext, useContext } from 'react';

/** This page's Content-Security-Policy nonce, for code that adds <style> elements itself (CodeMirror). */
export const CspNonceContext = createContext('');

export function useCspNonce(): string {
  return useContext(CspNonceContext);
}
