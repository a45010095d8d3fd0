import ar from "../../locales/ar.json";
import es from "../../locales/es.json";
import fr from "../../locales/fr.json";
import ru from "../../locales/ru.json";
import zh from "../../locales/zh.json";
import { registerMessages } from "./messages";

// The server speaks all six languages from the start: each catalogue is read once here (English is
// always loaded by messages.ts), and each language's formatter is built on first use and kept.
registerMessages("ar", ar);
registerMessages("es", es);
registerMessages("fr", fr);
registerMessages("ru", ru);
registerMessages("zh", zh);

export {};
