// Screen tests: renders a component with react-test-renderer (the React Native preset's host
// components) and finds what the user sees by testID, as the e2e tests do on the web build.
import type { ReactElement } from 'react';
import { act, create, type ReactTestInstance, type ReactTestRenderer } from 'react-test-renderer';

const isHost = (node: ReactTestInstance) => typeof node.type === 'string';

function textOf(node: ReactTestInstance | string): string {
  return typeof node === 'string' ? node : node.children.map(textOf).join('');
}

export interface Rendered {
  // the host elements with this testID (what is on screen)
  all: (testID: string) => ReactTestInstance[];
  has: (testID: string) => boolean;
  text: (testID: string) => string; // fails unless exactly one is shown
  press: (testID: string) => Promise<void>; // a button's onPress, as a tap
  type: (testID: string, value: string) => Promise<void>; // a field's onChangeText
  settle: () => Promise<void>; // lets pending answers and effects run
  waitFor: (check: () => void, turns?: number) => Promise<void>; // until `check` holds, as the screen updates
  update: (change: () => void) => Promise<void>; // a change from outside (a store), applied to the screen
  unmount: () => Promise<void>;
}

export async function render(element: ReactElement): Promise<Rendered> {
  let renderer: ReactTestRenderer | undefined;
  await act(() => {
    renderer = create(element);
  });
  if (!renderer) throw new Error('nothing rendered');
  const root = renderer.root;

  const all = (testID: string) => root.findAll((node) => isHost(node) && node.props.testID === testID);
  const one = (testID: string) => {
    const found = all(testID);
    if (found.length !== 1) throw new Error(`${found.length} elements with testID ${testID}`);
    return found[0];
  };
  // the component that was given the testID and the handler (Button, Field), not its host parts
  const handler = (testID: string, name: string) => {
    const found = root.findAll((node) => node.props.testID === testID && typeof node.props[name] === 'function');
    if (found.length === 0) throw new Error(`no ${name} on testID ${testID}`);
    return found[0].props[name] as (...args: unknown[]) => unknown;
  };
  const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

  return {
    all,
    has: (testID) => all(testID).length > 0,
    text: (testID) => textOf(one(testID)),
    press: async (testID) => {
      const button = one(testID);
      if (button.props.accessibilityState && (button.props.accessibilityState as { disabled?: boolean }).disabled) {
        throw new Error(`${testID} is disabled`);
      }
      await act(async () => {
        handler(testID, 'onPress')();
      });
    },
    type: async (testID, value) => {
      await act(async () => {
        handler(testID, 'onChangeText')(value);
      });
    },
    settle,
    waitFor: async (check, turns = 50) => {
      for (let turn = 0; ; turn++) {
        try {
          check();
          return;
        } catch (error) {
          if (turn >= turns) throw error;
          await settle();
        }
      }
    },
    update: (change) => act(change),
    unmount: () => act(() => renderer?.unmount()),
  };
}
