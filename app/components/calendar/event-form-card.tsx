import { Form, Link, useNavigation } from "@remix-run/react";
import type { MessageId } from "../../lib/i18n/messages";
import { useT } from "../../lib/i18n/react";
import { Button, Card, FormAlert } from "../form";
import { EventFields, type EventFieldValues } from "./event-fields";

/** An event's create/edit form in a card, with its fields, the error summary and the buttons. */
export function EventFormCard({
  variant,
  values,
  errors,
  zones,
  kinds,
  modes,
  submitLabel,
  cancelHref,
}: {
  variant: "forum" | "meeting";
  values: EventFieldValues;
  errors: Record<string, string>;
  zones: string[];
  kinds?: ReadonlyArray<{ value: string; labelId: MessageId }>;
  modes?: ReadonlyArray<{ value: string; labelId: MessageId }>;
  submitLabel: string;
  cancelHref: string;
}) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <Card className="mt-6">
      <Form method="post" noValidate className="space-y-5" aria-label={submitLabel}>
        <input type="hidden" name="intent" value="save" />
        {Object.keys(errors).length ? <FormAlert message={errors._form ?? t("events.form.failed")} /> : null}
        <EventFields variant={variant} values={values} errors={errors} zones={zones} kinds={kinds} modes={modes} />
        <div className="flex flex-col-reverse gap-3 border-t border-slate-100 pt-5 sm:flex-row sm:justify-end">
          <Link to={cancelHref} className="inline-flex items-center justify-center rounded-md px-4 py-2 text-sm font-semibold text-slate-700">
            {t("events.form.cancel")}
          </Link>
          <Button type="submit" disabled={busy}>
            {busy ? t("events.form.saving") : submitLabel}
          </Button>
        </div>
      </Form>
    </Card>
  );
}
