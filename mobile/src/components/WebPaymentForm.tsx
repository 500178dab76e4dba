// Phones pay in Stripe's payment sheet (services/payment.ts); the web form exists only on the web
// (WebPaymentForm.web.tsx). Same props, renders nothing.
export interface WebPaymentFormProps {
  publishableKey: string;
  clientSecret: string;
  onPaid: (paymentIntentId: string) => void;
}

export function WebPaymentForm(props: WebPaymentFormProps) {
  void props;
  return null;
}
