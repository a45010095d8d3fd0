// The role vocabulary lives in common/ (the app, the server and the database layer all use it).
export * from "../../common/roles";
