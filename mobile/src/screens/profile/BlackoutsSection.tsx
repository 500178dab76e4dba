// The schedule screen's blackouts: the spot's blackouts that have not ended yet (read from the
// service, so those set on another device can be lifted too), and a form to add one, typed on the
// spot's own clock. The list is read again after every add and lift.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Text } from 'react-native';

import { Button, Card, ErrorText, Field, Heading, Loading, Muted, styles } from '../../components/ui';
import { formatWindow, formatZoned, parseZoned } from '../../components/zonedTime';
import { messageOf } from '../../services/errors';
import { addBlackout, deleteBlackout, listBlackouts, type Blackout } from '../../services/ownerSpots';

const DAY_MS = 24 * 3600 * 1000;

type Answer = { list: Blackout[] } | { error: string };

export function BlackoutsSection({ spotId, timeZone }: { spotId: string; timeZone: string }) {
  const [blackouts, setBlackouts] = useState<Blackout[] | null>(null);
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [reason, setReason] = useState('');
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // tomorrow on the spot's clock, as an example of the format
  const [example] = useState(() => formatZoned(new Date(Date.now() + DAY_MS), timeZone).slice(0, 10));

  // Reads the list; only the answer to the latest read is shown (an add and a lift in quick
  // succession), and none once the screen is gone.
  const asked = useRef(0);
  const read = useCallback(async (): Promise<Answer | null> => {
    const ask = ++asked.current;
    let answer: Answer;
    try {
      answer = { list: await listBlackouts(spotId) };
    } catch (failure) {
      answer = { error: messageOf(failure) };
    }
    return ask === asked.current ? answer : null;
  }, [spotId]);
  const show = (answer: Answer | null) => {
    if (answer && 'list' in answer) setBlackouts(answer.list);
    else if (answer) setError(answer.error);
  };

  useEffect(() => {
    void read().then(show);
    return () => {
      asked.current += 1;
    };
  }, [read]);

  const add = async () => {
    setError(null);
    const startsAt = parseZoned(start, timeZone);
    const endsAt = parseZoned(end, timeZone);
    if (!startsAt || !endsAt) {
      setError('Write the start and the end as YYYY-MM-DD HH:mm, e.g. 2030-05-03 08:00.');
      return;
    }
    setAdding(true);
    try {
      await addBlackout(spotId, startsAt, endsAt, reason.trim() === '' ? null : reason.trim());
      setStart('');
      setEnd('');
      setReason('');
      show(await read());
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setAdding(false);
    }
  };

  const lift = async (blackoutId: string) => {
    setError(null);
    setRemoving(blackoutId);
    try {
      await deleteBlackout(spotId, blackoutId);
      show(await read());
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setRemoving(null);
    }
  };

  return (
    <>
      <Heading>Blackouts</Heading>
      <Muted>Close the spot for a period (repairs, your own use). Bookings already made are not affected; a blackout over one is refused.</Muted>
      {blackouts === null && error === null ? <Loading /> : null}
      {blackouts !== null && blackouts.length === 0 ? <Muted testID="blackouts-empty">No upcoming blackouts.</Muted> : null}
      {(blackouts ?? []).map((item) => (
        <Card key={item.id} testID={`blackout-${item.id}`}>
          <Text style={styles.heading}>{formatWindow(item.starts_at, item.ends_at, timeZone)}</Text>
          {item.reason ? <Muted>{item.reason}</Muted> : null}
          <Button title="Lift this blackout" variant="secondary" testID={`blackout-delete-${item.id}`}
            loading={removing === item.id} onPress={() => void lift(item.id)} />
        </Card>
      ))}
      <Card>
        <Field label={`Starts (YYYY-MM-DD HH:mm, ${timeZone})`} testID="blackout-start" value={start} onChangeText={setStart}
          placeholder={`e.g. ${example} 08:00`} autoCapitalize="none" />
        <Field label="Ends (YYYY-MM-DD HH:mm)" testID="blackout-end" value={end} onChangeText={setEnd}
          placeholder={`e.g. ${example} 18:00`} autoCapitalize="none" />
        <Field label="Reason (optional)" testID="blackout-reason" value={reason} onChangeText={setReason} placeholder="e.g. resurfacing" />
        <ErrorText message={error} testID="blackout-error" />
        <Button title="Add blackout" testID="blackout-add" loading={adding} onPress={() => void add()} />
      </Card>
    </>
  );
}
