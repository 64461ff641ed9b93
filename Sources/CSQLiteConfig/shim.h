#ifndef PLINV_CSQLITECONFIG_SHIM_H
#define PLINV_CSQLITECONFIG_SHIM_H
/* sqlite3_config is variadic, which Swift cannot call: this wraps the one call plinv makes. The prototype is
   sqlite3.h's (not included here, so that this module does not declare SQLite's API a second time beside
   GRDBSQLite's); SQLITE_CONFIG_MEMSTATUS is 9 in every SQLite 3 since 3.6 (StoreTests checks it against
   sqlite3.h). */
int sqlite3_config(int, ...);

/* Turns SQLite's memory statistics on or off; SQLITE_MISUSE (21) once SQLite is initialized. */
static inline int plinv_sqlite3_config_memstatus(int enabled) { return sqlite3_config(9, enabled); }
#endif
