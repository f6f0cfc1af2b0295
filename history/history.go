package history

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/logscan/logscan/analyze"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite", pure Go
)

// SchemaVersion is the version of the database layout this package reads
// and writes (docs/history.md).
const SchemaVersion = 1

// Period is the span of time one stored state covers: an hour of UTC time.
const Period = time.Hour

// HeadLen is how many bytes of the start of a file (decompressed) its
// fingerprint covers, at most.
const HeadLen = 1024

// Errors of [Open]; each is wrapped with the database's name.
var (
	// ErrLocked: another run held the database's write lock for longer
	// than the wait given.
	ErrLocked = errors.New("in use by another run of logscan")
	// ErrNotHistory: the file is not an SQLite database, or is one that
	// logscan did not make.
	ErrNotHistory = errors.New("not a logscan history database")
	// ErrDamaged: the database is damaged.
	ErrDamaged = errors.New("history database damaged")
	// ErrNewer: the database was written by a newer logscan.
	ErrNewer = errors.New("history database of a newer version")
	// ErrMissing: a database opened for reading only does not exist.
	ErrMissing = errors.New("no history database")
)

// DB is a history database opened for one run.
type DB struct {
	path  string
	db    *sql.DB
	tx    *sql.Tx
	write bool
	done  bool
}

// Open opens the history database at path. With write set it is created
// when missing, and the run holds its write lock until [DB.Commit] or
// [DB.Close]; another run waiting for it gives up after wait with
// [ErrLocked]. Without write, the database must exist, and reading it does
// not wait for a run that writes (the database is in WAL mode).
func Open(path string, wait time.Duration, write bool) (*DB, error) {
	if !write {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("%s: %w", path, ErrMissing)
		}
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+strconv.FormatInt(max(wait.Milliseconds(), 1), 10)+")")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_txlock", "immediate")
	if !write {
		q.Add("mode", "ro")
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	d := &DB{path: path, db: db, write: write}
	if err := d.begin(); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

// begin starts the run's transaction and checks or creates the schema.
func (d *DB) begin() error {
	tx, err := d.db.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: !d.write})
	if err != nil {
		return d.wrap(err)
	}
	d.tx = tx
	var version string
	err = tx.QueryRow(`SELECT value FROM meta WHERE key = 'schema_version'`).Scan(&version)
	switch {
	case err == nil:
	case isNoTable(err) && d.write && d.empty():
		return d.create()
	case isNoTable(err) || errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%s: %w", d.path, ErrNotHistory)
	default:
		return d.wrap(err)
	}
	v, err := strconv.Atoi(version)
	switch {
	case err != nil:
		return fmt.Errorf("%s: %w: schema version %q", d.path, ErrDamaged, version)
	case v > SchemaVersion:
		return fmt.Errorf("%s: %w: version %d (this logscan reads version %d)", d.path, ErrNewer, v, SchemaVersion)
	case v < SchemaVersion:
		return fmt.Errorf("%s: %w: version %d is older than this logscan knows", d.path, ErrNotHistory, v)
	}
	return nil
}

// empty reports whether the database has no tables (a new file).
func (d *DB) empty() bool {
	var n int
	err := d.tx.QueryRow(`SELECT count(*) FROM sqlite_schema`).Scan(&n)
	return err == nil && n == 0
}

// schema is the layout of version 1 (docs/history.md).
const schema = `
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE files (
	id         INTEGER PRIMARY KEY,
	source     TEXT    NOT NULL,
	path       TEXT    NOT NULL,
	kind       TEXT    NOT NULL,
	device     INTEGER NOT NULL,
	inode      INTEGER NOT NULL,
	size       INTEGER NOT NULL,
	compressed INTEGER NOT NULL,
	head_len   INTEGER NOT NULL,
	head_hash  BLOB    NOT NULL,
	offset     INTEGER NOT NULL,
	next_line  INTEGER NOT NULL,
	complete   INTEGER NOT NULL,
	seen       INTEGER NOT NULL
);
CREATE INDEX files_source ON files (source);
CREATE TABLE periods (
	source   TEXT    NOT NULL,
	start    INTEGER NOT NULL,
	requests INTEGER NOT NULL,
	errors   INTEGER NOT NULL,
	state    BLOB    NOT NULL,
	updated  INTEGER NOT NULL,
	PRIMARY KEY (source, start)
) WITHOUT ROWID;
CREATE TABLE runs (
	id       INTEGER PRIMARY KEY,
	at       INTEGER NOT NULL,
	source   TEXT    NOT NULL,
	files    INTEGER NOT NULL,
	bytes    INTEGER NOT NULL,
	requests INTEGER NOT NULL
);
`

func (d *DB) create() error {
	for _, stmt := range strings.Split(schema, ";") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		if _, err := d.tx.Exec(stmt); err != nil {
			return d.wrap(err)
		}
	}
	_, err := d.tx.Exec(`INSERT INTO meta (key, value) VALUES ('schema_version', ?), ('created_by', 'logscan')`, strconv.Itoa(SchemaVersion))
	return d.wrap(err)
}

// wrap names the database in an error and tells a lock that was not given
// and a damaged file apart.
func (d *DB) wrap(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked"):
		return fmt.Errorf("%s: %w", d.path, ErrLocked)
	case strings.Contains(msg, "file is not a database") || strings.Contains(msg, "SQLITE_NOTADB"):
		return fmt.Errorf("%s: %w", d.path, ErrNotHistory)
	case strings.Contains(msg, "malformed") || strings.Contains(msg, "SQLITE_CORRUPT"):
		return fmt.Errorf("%s: %w: %s", d.path, ErrDamaged, msg)
	}
	return fmt.Errorf("%s: %w", d.path, err)
}

func isNoTable(err error) bool { return err != nil && strings.Contains(err.Error(), "no such table") }

// Commit stores everything the run added, at once.
func (d *DB) Commit() error {
	if d.done {
		return nil
	}
	d.done = true
	if err := d.tx.Commit(); err != nil {
		return d.wrap(err)
	}
	return nil
}

// Close ends the run: what was not committed is rolled back.
func (d *DB) Close() error {
	if !d.done {
		d.done = true
		_ = d.tx.Rollback()
	}
	return d.db.Close()
}

// hash is the fingerprint of b.
func hash(b []byte) []byte { s := sha256.Sum256(b); return s[:] }

// AddPeriod merges a state (encoded by analyze.State.Encode), of the
// entries of source in the hour starting at start (Unix nanoseconds), into
// the hour's stored state; requests and errs are its counts of access and
// error-log entries.
func (d *DB) AddPeriod(source string, start int64, blob []byte, requests, errs int64, opts analyze.Options, now time.Time) error {
	key := start / 1e9
	var old []byte
	err := d.tx.QueryRow(`SELECT state FROM periods WHERE source = ? AND start = ?`, source, key).Scan(&old)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return d.wrap(err)
	default:
		was, err := analyze.DecodeState(old, opts)
		if err != nil {
			return fmt.Errorf("%s: %w: the hour %s of %s: %v", d.path, ErrDamaged, time.Unix(key, 0).UTC().Format(time.RFC3339), source, err)
		}
		st, err := analyze.DecodeState(blob, opts)
		if err != nil {
			return err
		}
		st = analyze.MergeStatesInputs([]*analyze.State{was, st})
		var buf bytes.Buffer
		if err := st.Encode(&buf); err != nil {
			return err
		}
		blob = buf.Bytes()
		requests, errs = st.Counts()
	}
	_, err = d.tx.Exec(`INSERT INTO periods (source, start, requests, errors, state, updated) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (source, start) DO UPDATE SET requests = excluded.requests, errors = excluded.errors, state = excluded.state, updated = excluded.updated`,
		source, key, requests, errs, blob, now.Unix())
	return d.wrap(err)
}

// Window returns the merged state of the stored hours that start in
// [since, until) (Unix nanoseconds; 0 for no bound), of every source, and
// how many hours it merged (nil and 0 when none). The hours are decoded on
// all cores, a few ahead of the merge, and merged in time order (then by
// source), so the result does not depend on the number of cores.
func (d *DB) Window(since, until int64, opts analyze.Options) (*analyze.State, int, error) {
	lo, hi := int64(-1<<62), int64(1<<62)
	if since != 0 {
		lo = floorDiv(since, 1e9)
	}
	if until != 0 {
		hi = ceilDiv(until, 1e9)
	}
	rows, err := d.tx.Query(`SELECT source, start, state FROM periods WHERE start >= ? AND start < ? ORDER BY start, source`, lo, hi)
	if err != nil {
		return nil, 0, d.wrap(err)
	}
	type decoded struct {
		st  *analyze.State
		err error
	}
	workers := runtime.GOMAXPROCS(0)
	// pending holds, in order, the result channel of each hour being
	// decoded: at most 2 per worker ahead of the merge.
	pending := make(chan chan decoded, 2*workers)
	readErr := make(chan error, 1)
	go func() {
		defer close(pending)
		defer rows.Close()
		sem := make(chan struct{}, workers)
		for rows.Next() {
			var source string
			var start int64
			var blob []byte
			if err := rows.Scan(&source, &start, &blob); err != nil {
				readErr <- d.wrap(err)
				return
			}
			out := make(chan decoded, 1)
			pending <- out
			sem <- struct{}{}
			go func() {
				defer func() { <-sem }()
				st, err := analyze.DecodeState(blob, opts)
				if err != nil {
					err = fmt.Errorf("%s: %w: the hour %s of %s: %v", d.path, ErrDamaged, time.Unix(start, 0).UTC().Format(time.RFC3339), source, err)
				}
				out <- decoded{st, err}
			}()
		}
		readErr <- d.wrap(rows.Err())
	}()
	var out *analyze.State
	n := 0
	var firstErr error
	for c := range pending {
		r := <-c
		if firstErr != nil {
			continue
		}
		if r.err != nil {
			firstErr = r.err
			continue
		}
		if out == nil {
			out = r.st
		} else {
			out = analyze.MergeStatesInputs([]*analyze.State{out, r.st})
		}
		n++
	}
	if err := <-readErr; firstErr == nil && err != nil {
		firstErr = err
	}
	if firstErr != nil {
		return nil, 0, firstErr
	}
	return out, n, nil
}

// Span returns the start of the first and the end of the last stored hour
// (Unix nanoseconds), and whether there is one.
func (d *DB) Span() (first, last int64, ok bool, err error) {
	var lo, hi sql.NullInt64
	if err := d.tx.QueryRow(`SELECT min(start), max(start) FROM periods`).Scan(&lo, &hi); err != nil {
		return 0, 0, false, d.wrap(err)
	}
	if !lo.Valid {
		return 0, 0, false, nil
	}
	return lo.Int64 * 1e9, (hi.Int64 + int64(Period/time.Second)) * 1e9, true, nil
}

// Prune drops the hours that end before before, and the files not seen by
// a run since then; it returns how many hours it dropped.
func (d *DB) Prune(before time.Time) (int64, error) {
	res, err := d.tx.Exec(`DELETE FROM periods WHERE start + ? <= ?`, int64(Period/time.Second), before.Unix())
	if err != nil {
		return 0, d.wrap(err)
	}
	n, _ := res.RowsAffected()
	if _, err := d.tx.Exec(`DELETE FROM files WHERE seen < ?`, before.Unix()); err != nil {
		return n, d.wrap(err)
	}
	return n, nil
}

// LogRun records a run in the runs table.
func (d *DB) LogRun(source string, at time.Time, files int, bytes, requests int64) error {
	_, err := d.tx.Exec(`INSERT INTO runs (at, source, files, bytes, requests) VALUES (?, ?, ?, ?, ?)`, at.Unix(), source, files, bytes, requests)
	return d.wrap(err)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }
