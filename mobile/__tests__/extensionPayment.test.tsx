// Paying for an extension of a paid booking on the booking detail screen, against a fake service at
// the fetch boundary and Stripe's payment sheet faked at the SDK: the extend answer's extension_id
// brings a "Pay for the extension" card (amount, when it is due, the end it falls back to); paying
// asks /payments/intent for the booking, shows the sheet, confirms, reads the booking again and the
// card goes. Payments off (no extension_id): no card. The price card shows what was charged, refunded
// and a refund still owed. The booking flow's PaymentStep pays through the same card.
import { initPaymentSheet, presentPaymentSheet } from '@stripe/stripe-react-native';

import type { BookingsScreenProps } from '../src/navigation/types';
import BookingDetailScreen from '../src/screens/bookings/BookingDetailScreen';
import { PaymentStep } from '../src/screens/parking/PaymentStep';
import type { Schemas } from '../src/services/api';
import { useAuthStore } from '../src/stores/authStore';
import { useBookingStore } from '../src/stores/bookingStore';
import { useConfigStore } from '../src/stores/configStore';
import { booking, FakeApi, json, spot, SPOT_ID, user, type Recorded } from './helpers/fakeApi';
import { render, type Rendered } from './helpers/render';

jest.mock('@stripe/stripe-react-native', () => ({
  initPaymentSheet: jest.fn(async () => ({})),
  presentPaymentSheet: jest.fn(async () => ({})),
  PaymentSheetError: { Canceled: 'Canceled', Failed: 'Failed' },
  StripeProvider: ({ children }: { children: unknown }) => children,
}));

const B = booking().id;
let service: FakeApi;
let current: Schemas['BookingOut'];
let screen: Rendered | undefined;

// the booking as extended by one hour (12:00 -> 13:00 UTC): 4 h instead of 3
const EXTENDED = booking({ end_time: '2030-05-02T13:00:00Z', subtotal: 2000, service_fee: 300, total_amount: 2300, owner_payout: 2000 });
const DUE_BY = '2030-05-02T10:15:00Z';
const PENDING = { id: '6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a', amount: 575, payment_due_by: DUE_BY, previous_end: '2030-05-02T12:00:00Z' };

function extendAnswer(paymentsOn: boolean): Schemas['ExtendedOut'] {
  return {
    ...EXTENDED,
    amount_due: 575,
    extension_id: paymentsOn ? '6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a' : null,
    payment_due_by: paymentsOn ? DUE_BY : null,
  };
}

function payment(overrides: Partial<Schemas['PaymentOut']> = {}): Schemas['PaymentOut'] {
  return {
    id: '4e3d2c1b-0a9f-4e8d-8c7b-6a5f4e3d2c1b',
    booking_id: B,
    user_id: user().id,
    amount: 575,
    currency: 'usd',
    status: 'succeeded',
    amount_refunded: 0,
    payment_intent_id: 'pi_3Extension',
    application_fee_amount: 75,
    failure_message: null,
    created_at: '2026-11-25T10:00:00Z',
    updated_at: '2026-11-25T10:00:00Z',
    ...overrides,
  };
}

const nav = { navigate: jest.fn() } as unknown as BookingsScreenProps<'BookingDetail'>['navigation'];
const route = { key: 'BookingDetail-1', name: 'BookingDetail', params: { bookingId: B } } as const;

// times as the screen shows them (the spot's zone); Intl may put a narrow no-break space before AM
const plain = (text: string) => text.replace(/\s/g, ' ');

async function openBooking(): Promise<Rendered> {
  screen = await render(<BookingDetailScreen navigation={nav} route={route} />);
  const shown = screen;
  await shown.waitFor(() => expect(shown.has('booking-total')).toBe(true));
  await shown.waitFor(() => expect(useBookingStore.getState().spots[SPOT_ID]).toBeDefined());
  return shown;
}

async function extend(shown: Rendered): Promise<void> {
  await shown.press('booking-extend');
  await shown.waitFor(() => expect(service.callsTo(`POST /api/v1/bookings/${B}/extend`)).toHaveLength(1));
  await shown.settle();
}

function setPayments(enabled: boolean) {
  useConfigStore.setState({
    config: { payments: { enabled, publishable_key: enabled ? 'pk_test_123' : null }, oauth_providers: [] },
  });
}

beforeEach(() => {
  useAuthStore.setState({ user: user(), isAuthenticated: true });
  useBookingStore.getState().reset();
  setPayments(true);
  current = booking();
  service = new FakeApi();
  service
    .on(`GET /api/v1/bookings/${B}`, () => json(current))
    .on(`GET /api/v1/parking-spots/${SPOT_ID}`, () => json(spot()))
    .on(`POST /api/v1/bookings/${B}/extend`, () => {
      current = { ...EXTENDED, pending_extension: PENDING }; // as the service reads it back
      return json(extendAnswer(true));
    })
    .on('POST /api/v1/payments/intent', () =>
      json({ client_secret: 'pi_3Extension_secret_abc', payment_intent_id: 'pi_3Extension', amount: 575 } satisfies Schemas['IntentOut']),
    )
    .on('POST /api/v1/payments/confirm', () => {
      current = { ...EXTENDED, amount_charged: 1725 + 575 };
      return json(payment());
    });
  service.install();
});

afterEach(async () => {
  await screen?.unmount();
  screen = undefined;
});

const paths = (calls: Recorded[]) => calls.map((call) => `${call.method} ${call.path}`);

describe('paying for an extension', () => {
  test('a booking read back with a pending extension (extended on another device) offers to pay it', async () => {
    current = { ...EXTENDED, pending_extension: PENDING };
    const shown = await openBooking();
    await shown.waitFor(() => expect(shown.has('extension-payment')).toBe(true));
    expect(shown.text('extension-pay-button')).toBe('Pay $5.75');
  });

  test('the extend answer with extension_id shows the amount, the due time and the end it falls back to', async () => {
    const shown = await openBooking();
    expect(shown.has('extension-payment')).toBe(false);

    await extend(shown);
    expect(service.callsTo(`POST /api/v1/bookings/${B}/extend`)[0].body).toEqual({ end_time: '2030-05-02T13:00:00.000Z' });
    await shown.waitFor(() => expect(shown.has('extension-payment')).toBe(true));
    // 10:15 and 12:00 UTC on the spot's clock (America/Los_Angeles, PDT)
    expect(plain(shown.text('extension-payment-text'))).toBe(
      'The extension costs $5.75: pay by Thu, May 2, 3:15 AM; unpaid, the booking goes back to end at Thu, May 2, 5:00 AM.',
    );
    expect(shown.text('extension-pay-button')).toBe('Pay $5.75');
    expect(shown.text('booking-total')).toBe('$23.00'); // the extended price
    const { pending_extension: pending, ...kept } = useBookingStore.getState().byId[B];
    expect(kept).toEqual(EXTENDED); // the answer's extra fields are not a booking's: they become its pending_extension
    expect(pending).toEqual({ id: '6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a', amount: 575,
                              payment_due_by: '2030-05-02T10:15:00Z', previous_end: '2030-05-02T12:00:00Z' });
  });

  test('paying asks for the intent of the booking, shows the sheet, confirms; then the booking is read again and the card goes', async () => {
    const shown = await openBooking();
    await extend(shown);
    const readsBefore = service.callsTo(`GET /api/v1/bookings/${B}`).length;

    await shown.press('extension-pay-button');
    await shown.waitFor(() => expect(shown.has('extension-payment')).toBe(false));

    const payments = service.calls.filter((call) => call.path.startsWith('/api/v1/payments/'));
    expect(paths(payments)).toEqual(['POST /api/v1/payments/intent', 'POST /api/v1/payments/confirm']);
    expect(payments[0].body).toEqual({ booking_id: B });
    expect(payments[1].body).toEqual({ payment_intent_id: 'pi_3Extension' });
    expect(initPaymentSheet).toHaveBeenCalledWith(expect.objectContaining({ paymentIntentClientSecret: 'pi_3Extension_secret_abc' }));
    expect(presentPaymentSheet).toHaveBeenCalledTimes(1);

    await shown.waitFor(() => expect(service.callsTo(`GET /api/v1/bookings/${B}`).length).toBe(readsBefore + 1));
    await shown.waitFor(() => expect(shown.text('booking-amount-charged')).toBe('$23.00'));
    expect(useBookingStore.getState().byId[B].pending_extension ?? null).toBeNull();
  });

  test('a refused payment is shown and the card stays', async () => {
    service.on('POST /api/v1/payments/confirm', () =>
      json(payment({ status: 'failed', failure_message: 'Your card was declined.' })),
    );
    const shown = await openBooking();
    await extend(shown);

    await shown.press('extension-pay-button');
    await shown.waitFor(() => expect(shown.text('extension-payment-error')).toBe('Your card was declined.'));
    expect(shown.has('extension-payment')).toBe(true);
    expect(shown.has('extension-pay-button')).toBe(true);
  });

  test('a cancelled sheet pays nothing and keeps the card', async () => {
    jest.mocked(presentPaymentSheet).mockResolvedValueOnce({ error: { code: 'Canceled', message: 'canceled' } } as Awaited<ReturnType<typeof presentPaymentSheet>>);
    const shown = await openBooking();
    await extend(shown);

    await shown.press('extension-pay-button');
    await shown.settle();
    expect(service.callsTo('POST /api/v1/payments/confirm')).toHaveLength(0);
    expect(shown.has('extension-payment')).toBe(true);
    expect(shown.has('extension-payment-error')).toBe(false);
  });

  test('payments off (extension_id null): nothing to pay, the amount added is shown as before', async () => {
    setPayments(false);
    service.on(`POST /api/v1/bookings/${B}/extend`, () => {
      current = EXTENDED;
      return json(extendAnswer(false));
    });
    const shown = await openBooking();
    await extend(shown);

    await shown.waitFor(() => expect(shown.has('booking-extend-result')).toBe(true));
    expect(plain(shown.text('booking-extend-result'))).toBe('Extended to Thu, May 2, 6:00 AM. Amount due: $5.75');
    expect(shown.has('extension-payment')).toBe(false);
    expect(useBookingStore.getState().byId[B].pending_extension ?? null).toBeNull();
    expect(service.callsTo('POST /api/v1/payments/intent')).toHaveLength(0);
  });

  test('no card once the payment time has passed (the service releases the extension then)', async () => {
    service.on(`POST /api/v1/bookings/${B}/extend`, () =>
      json({ ...extendAnswer(true), payment_due_by: '2020-01-01T00:15:00Z' }),
    );
    const shown = await openBooking();
    await extend(shown);
    expect(shown.has('booking-extend-result')).toBe(true);
    expect(shown.has('extension-payment')).toBe(false);
  });

  test('the card goes when the booking is cancelled (its extension is released with it)', async () => {
    const shown = await openBooking();
    await extend(shown);
    await shown.waitFor(() => expect(shown.has('extension-payment')).toBe(true));

    await shown.update(() => useBookingStore.getState().setStatus(B, 'cancelled'));
    expect(shown.has('extension-payment')).toBe(false);
  });
});

describe('the price card', () => {
  test('shows what was charged and refunded, and a refund that could not be sent', async () => {
    current = booking({
      status: 'cancelled', payment_status: 'partially_refunded', refund_amount: 1150,
      amount_charged: 2300, amount_refunded: 650, refund_owed: 500, cancelled_at: '2030-05-01T12:00:00Z',
    });
    const shown = await openBooking();
    expect(shown.text('booking-amount-charged')).toBe('$23.00');
    expect(shown.text('booking-amount-refunded')).toBe('$6.50');
    expect(shown.text('booking-refund-owed')).toBe('Refund owed: $5.00 — it could not be sent to your card; we are on it');
  });

  test('no refund-owed line when every refund reached the card, no amounts when nothing was charged', async () => {
    current = booking({ payment_status: 'not_required', amount_charged: 0, amount_refunded: 0, refund_owed: 0 });
    const shown = await openBooking();
    expect(shown.has('booking-refund-owed')).toBe(false);
    expect(shown.has('booking-amount-charged')).toBe(false);
    expect(shown.has('booking-amount-refunded')).toBe(false);
  });
});

describe('the booking flow', () => {
  test('PaymentStep pays a pending booking through the same card, with its own testIDs', async () => {
    const pending = booking({ status: 'pending', payment_status: 'pending', hold_expires_at: null });
    const onPaid = jest.fn();
    screen = await render(<PaymentStep booking={pending} publishableKey="pk_test_123" onPaid={onPaid} />);
    const shown = screen;
    expect(shown.has('payment-step')).toBe(true);
    expect(shown.text('payment-text')).toBe('Your booking is reserved: pay $17.25 to confirm it.');
    expect(shown.text('pay-button')).toBe('Pay $17.25');

    await shown.press('pay-button');
    await shown.waitFor(() => expect(onPaid).toHaveBeenCalledTimes(1));
    expect(service.callsTo('POST /api/v1/payments/intent')[0].body).toEqual({ booking_id: B });
  });
});
