/** Length limits of document and version fields (shared by the forms and the server's schemas). */
export const TITLE_MAX = 200;
export const LABEL_MAX = 100;
export const NOTE_MAX = 2000;
