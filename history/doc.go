// Package history keeps what successive runs of logscan read in an SQLite
// database (docs/history.md): for every file read, its identity and how far
// it was read, so that a run reads only what is new whatever logrotate did;
// and for every hour, the mergeable state (analyze.State) of the entries of
// that hour, so that any window of stored hours is reported without the
// logs, exactly as one run over them would count it.
//
// A [DB] is opened for one run: [Open] takes the database's write lock for
// the run (a second run waits for it for a bounded time), and everything the
// run stores is committed at once by [DB.Commit], so that a run stopped at
// any moment leaves the database as it was.
package history
