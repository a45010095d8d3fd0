import { Link } from "@remix-run/react";
import { useT } from "../../lib/i18n/react";

/** Documents / the document's title / Timeline: the way back from every timeline page. */
export function TimelineBreadcrumb(props: { slug: string; document: { id: string; title: string }; timeline?: boolean }) {
  const t = useT();
  return (
    <p className="text-sm text-slate-500">
      <Link to={`/coalitions/${props.slug}/documents`}>{t("documents.list.heading")}</Link> <span aria-hidden="true">/</span>{" "}
      <Link to={`/coalitions/${props.slug}/documents/${props.document.id}`}>
        <bdi>{props.document.title}</bdi>
      </Link>{" "}
      <span aria-hidden="true">/</span>
      {props.timeline ? (
        <>
          {" "}
          <Link to={`/coalitions/${props.slug}/documents/${props.document.id}/timeline`}>{t("timeline.heading")}</Link> <span aria-hidden="true">/</span>
        </>
      ) : null}
    </p>
  );
}

/** A select of the timeline's points (newest first), for comparing two. */
export function PointPicker(props: { name: string; label: string; value: string; points: { id: string; name: string }[] }) {
  return (
    <label className="block text-sm font-medium text-slate-700">
      {props.label}
      <select name={props.name} defaultValue={props.value} className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm">
        {props.points.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
