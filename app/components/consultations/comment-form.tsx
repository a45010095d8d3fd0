import { Form, Link } from "@remix-run/react";
import { Button, FormAlert, SelectField, TextAreaField, TextField } from "../form";
import { useT } from "../../lib/i18n/react";
import { COMMENT_MAX } from "../../lib/consultation-rules";
import { STAKEHOLDER_GROUPS } from "../../lib/stakeholders";
import type { MessageId } from "../../lib/i18n/messages";
import type { FormAnswer } from "./types";

/** The form to comment on a paragraph or a range (or, when the viewer may not, why not). */
export function CommentForm(props: {
  canComment: boolean;
  refusal: string | null;
  signedIn: boolean;
  loginHref: string;
  blockCount: number;
  paragraph: string;
  profileGroup: string;
  rules: { days: number; perHour: number };
  answer?: FormAnswer;
}) {
  const t = useT();
  const failure = props.answer?.intent === "comment" ? props.answer : undefined;
  const groups = STAKEHOLDER_GROUPS.map((g) => ({ id: g.id, label: t(`stakeholders.${g.id}` as MessageId) }));
  return (
    <section id="comment-form" aria-labelledby="comment-form-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="comment-form-heading" className="text-base font-semibold">{t("consultation.form.heading")}</h2>
      {!props.canComment ? (
        props.signedIn ? (
          <p className="mt-2 text-sm text-slate-700" role="note" data-testid="comment-refusal">{props.refusal}</p>
        ) : (
          <p className="mt-2 text-sm text-slate-700">
            <Link to={props.loginHref}>{t("consultation.form.signIn")}</Link>
          </p>
        )
      ) : (
        <Form method="post" className="mt-3 space-y-3" noValidate>
          <input type="hidden" name="intent" value="comment" />
          {failure?.message ? <FormAlert message={failure.message} /> : null}
          <div className="grid grid-cols-2 gap-3">
            <TextField label={t("consultation.form.paragraph")} name="paragraph" type="number" inputMode="numeric" min={1} max={props.blockCount} markRequired defaultValue={failure?.values.paragraph ?? props.paragraph} error={failure?.fieldErrors.paragraph} />
            <TextField label={t("consultation.form.paragraphTo")} name="paragraphTo" type="number" inputMode="numeric" min={1} max={props.blockCount} defaultValue={failure?.values.paragraphTo} error={failure?.fieldErrors.paragraphTo} hint={t("consultation.form.paragraphToHint")} />
          </div>
          <SelectField label={t("consultation.form.group")} name="group" options={groups} placeholder={t("consultation.form.groupChoose")} markRequired defaultValue={failure?.values.group ?? props.profileGroup} error={failure?.fieldErrors.group} />
          <TextAreaField label={t("consultation.form.body")} name="body" rows={5} dir="auto" maxLength={COMMENT_MAX} markRequired defaultValue={failure?.values.body} error={failure?.fieldErrors.body} hint={t("consultation.form.bodyHint")} />
          <p className="text-xs text-slate-600">{t("consultation.form.newAccounts", { days: props.rules.days, count: props.rules.perHour })}</p>
          <Button type="submit" className="w-full">{t("consultation.form.submit")}</Button>
        </Form>
      )}
    </section>
  );
}
