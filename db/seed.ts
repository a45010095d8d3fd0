import type { Kysely } from "kysely";
import { newId, now } from "./ids";
import type { Database } from "./schema";
import { exampleCycleRows, exampleCycleYear } from "./seed-calendar";

/**
 * The forum's dynamic coalitions, as the IGF Secretariat's 2010 presentation of them lists them,
 * with the organizations it names as their founders.
 */
export const SEED_COALITIONS = [
  {
    slug: "stop-spam-alliance",
    name: "Stop Spam Alliance",
    founders: ["ITU", "OECD", "APEC"],
    description:
      "An alliance of international organizations and agencies working together against spam. Emerging from the workshops of the Internet Governance Forum, it pools the experience of regulators, intergovernmental bodies and industry so that countries can coordinate their anti-spam laws, enforcement and user awareness across borders, in the spirit of the forum's cooperation against cybercrime.",
  },
  {
    slug: "open-standards",
    name: "Open Standards",
    founders: ["Brazil", "W3C", "Sun"],
    description:
      "A coalition for open standards as a basis for an open, interoperable Internet. Governments, standards bodies and companies work together on why open standards matter for access, development and competition, and on how public policy can adopt them, so that the borderless Internet stays open to everyone who builds on it.",
  },
  {
    slug: "privacy",
    name: "Privacy",
    founders: ["France", "World Bank", "AI"],
    description:
      "A coalition on privacy in the information society. It brings together governments, international institutions and civil society to discuss one of the forum's central balances, between privacy rights and security, and to share approaches to protecting personal data as national regulations meet the borderless Internet.",
  },
  {
    slug: "internet-bill-of-rights",
    name: "Internet Bill of Rights",
    founders: ["Brazil", "ISOC Italy", "IP Justice"],
    description:
      "A coalition working towards a charter of rights and principles for the Internet. Through multi-stakeholder dialogue it drafts and discusses the rights users should enjoy online and the principles that should guide Internet governance, as a contribution that other institutions can take up in their own decisions.",
  },
  {
    slug: "a2k-at-igf",
    name: "A2K@IGF",
    founders: ["Google", "CoE", "FSFE", "EFF"],
    description:
      "Access to Knowledge at the IGF: a coalition on the balance between citizens' right to information and the rights of copyright and intellectual property holders. Companies, intergovernmental organizations and civil society discuss how the Internet can widen access to knowledge, particularly for development.",
  },
  {
    slug: "foeonline",
    name: "Freedom of Expression and the Media online (FOEonline)",
    founders: [],
    description:
      "A coalition on freedom of expression and freedom of the media on the Internet. It examines how national regulations and the role of governments affect what people can say and publish online, and brings the perspectives of journalists, users and civil society into the forum's public policy debate.",
  },
  {
    slug: "child-online-safety",
    name: "Child Online Safety",
    founders: ["ECPAT", "Save the Children", "Childnet International"],
    description:
      "A coalition of child-protection organizations working to keep children safe online. It shares good practice on prevention, awareness and the response to online abuse and exploitation, and puts the protection of children on the agenda of international cooperation, alongside their rights to access and participation.",
  },
] as const;

/**
 * Creates the seed coalitions when the database has none, and the forum calendar's example
 * cycle beside them (issue 25; marked as an example). Returns how many coalitions were created.
 */
export async function seedIfEmpty(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("coalitions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    if (Number(row.n) > 0) return 0;
    const t = now();
    await trx
      .insertInto("coalitions")
      .values(
        SEED_COALITIONS.map((c) => ({
          id: newId(),
          slug: c.slug,
          name: c.name,
          description: c.description,
          founders: JSON.stringify(c.founders),
          visibility: "public" as const,
          join_policy: "approval" as const,
          open_roles: JSON.stringify(["member", "observer"]),
          archived_at: null,
          created_at: t,
          updated_at: t,
        })),
      )
      .execute();
    await trx.insertInto("calendar_events").values(exampleCycleRows(exampleCycleYear(new Date(t)), null, t)).execute();
    return SEED_COALITIONS.length;
  });
}
