package watch

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"
)

// Change is what happened to a followed file between two polls.
type Change string

// The changes a [Follower] reports. They are part of the JSON events
// (docs/json.md, "logscan watch").
const (
	// Waiting: the file does not exist (yet); it is read from its start
	// when it appears.
	Waiting Change = "waiting"
	// Appeared: a file that did not exist is there now.
	Appeared Change = "appeared"
	// Rotated: the name now holds another file (rename rotation); the old
	// file is read to its end, then the new one from its start.
	Rotated Change = "rotated"
	// Truncated: the file shrank under the read position (copytruncate);
	// it is read again from its start.
	Truncated Change = "truncated"
	// Vanished: the name holds no file any more (deleted, or renamed with
	// nothing in its place); what the old file still gets is read, and the
	// name is waited for.
	Vanished Change = "vanished"
)

// FileEvent reports a [Change] of the file at index File.
type FileEvent struct {
	File   int
	Path   string
	Change Change
}

// Sink receives what a [Follower] reads.
type Sink interface {
	// Lines receives whole lines of file i, each ending in "\n"; data is
	// valid only during the call. A line read whole in one read may be
	// longer than the limit; one whose end comes later is held only up to
	// the limit, then skipped and counted with TooLong.
	Lines(i int, data []byte)
	// TooLong counts a line of file i longer than the limit, skipped.
	TooLong(i int)
	// Idle says that file i gave no new data in this poll.
	Idle(i int)
	// Event reports a change of a file.
	Event(FileEvent)
}

// drainFor is how long a rotated-away file is still read after the name
// moved on: a server writes to the old file until it reopens its logs.
const drainFor = 5 * time.Second

// maxReadPerPoll bounds what one poll reads of one file, so that reading a
// large file from its start (--from-start) does not hold up the screen.
const maxReadPerPoll = 16 << 20

// Follower follows files by name, as tail -F does: from their end (or
// start), through rename rotation, copytruncate and files that appear
// later. It is driven by [Follower.Poll] and is not safe for concurrent
// use.
type Follower struct {
	files   []*followed
	maxLine int
	buf     []byte
	now     func() time.Time
}

// followed is one name being followed.
type followed struct {
	path    string
	cur     *open   // the file the name held when last looked at
	old     []*open // rotated-away files still drained
	missing bool    // the name holds no file (reported)
}

// open is one open file and how far it was read.
type open struct {
	f        *os.File
	info     os.FileInfo
	off      int64
	pending  []byte // the start of a line whose end is not written yet
	skip     bool   // inside a line that is skipped to its end
	tooLong  bool   // the line skipped is over the limit (counted at its end)
	lastData time.Time
}

// ErrUnreadable wraps the error of a file that exists but cannot be read.
var ErrUnreadable = errors.New("cannot read")

// NewFollower opens paths, each positioned at its end, or at its start
// when fromStart is set. A path that does not exist is waited for; one
// that exists but cannot be read (permissions, a directory) is an error
// wrapping [ErrUnreadable]. Lines longer than maxLine bytes are skipped.
func NewFollower(paths []string, fromStart bool, maxLine int, now func() time.Time) (*Follower, error) {
	if now == nil {
		now = time.Now
	}
	fl := &Follower{maxLine: maxLine, buf: make([]byte, 256<<10), now: now}
	for _, p := range paths {
		fd := &followed{path: p}
		o, err := openFile(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			fd.missing = true
		case err != nil:
			fl.Close()
			return nil, fmt.Errorf("%w %s: %w", ErrUnreadable, p, err)
		default:
			if !fromStart {
				o.off = o.info.Size()
				// Starting inside a line: skip to its end.
				if o.off > 0 {
					var b [1]byte
					if _, err := o.f.ReadAt(b[:], o.off-1); err == nil && b[0] != '\n' {
						o.skip = true
					}
				}
			}
			fd.cur = o
		}
		fl.files = append(fl.files, fd)
	}
	return fl, nil
}

// openFile opens a regular file (or a FIFO) for following.
func openFile(p string) (*open, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if info.IsDir() {
		f.Close()
		return nil, errors.New("is a directory")
	}
	// A read of zero bytes tells an unreadable file apart early.
	if _, err := f.Read(nil); err != nil && !errors.Is(err, io.EOF) {
		f.Close()
		return nil, err
	}
	return &open{f: f, info: info}, nil
}

// Head returns up to n bytes from the start of file i as it is now (for
// detecting its format), or nil.
func (fl *Follower) Head(i, n int) []byte {
	o := fl.files[i].cur
	if o == nil {
		return nil
	}
	if o.info.Size() == 0 {
		if info, err := o.f.Stat(); err != nil || info.Size() == 0 {
			return nil
		}
	}
	b := make([]byte, n)
	k, _ := o.f.ReadAt(b, 0)
	return b[:k]
}

// Missing reports the files whose name holds no file.
func (fl *Follower) Missing(i int) bool { return fl.files[i].missing }

// Poll reads what every file got since the last poll, in the order given
// (indexes of the paths; nil is the order of the paths), and looks for
// rotation, truncation and files that appeared or vanished.
func (fl *Follower) Poll(order []int, s Sink) {
	now := fl.now()
	if order == nil {
		order = make([]int, len(fl.files))
		for i := range order {
			order[i] = i
		}
	}
	for _, i := range order {
		fd := fl.files[i]
		got := false
		// Rotated-away files first: their lines came before the new file's.
		keep := fd.old[:0]
		for _, o := range fd.old {
			if fl.read(i, o, s, now) {
				got = true
			}
			if now.Sub(o.lastData) < drainFor {
				keep = append(keep, o)
				continue
			}
			fl.finish(i, o, s)
		}
		fd.old = keep
		if fd.cur != nil && fl.read(i, fd.cur, s, now) {
			got = true
		}
		if fl.look(i, fd, s, now) && fd.cur != nil && fl.read(i, fd.cur, s, now) {
			got = true // a file that just appeared, replaced the old one or was truncated
		}
		if !got {
			s.Idle(i)
		}
	}
}

// look checks what the name of fd holds now, and reports whether it holds
// another file, or the same one truncated.
func (fl *Follower) look(i int, fd *followed, s Sink, now time.Time) bool {
	info, err := os.Stat(fd.path)
	if err != nil {
		if !fd.missing {
			fd.missing = true
			s.Event(FileEvent{i, fd.path, Vanished})
			if fd.cur != nil {
				fd.cur.lastData = now
				fd.old = append(fd.old, fd.cur)
				fd.cur = nil
			}
		}
		return false
	}
	if fd.cur != nil && os.SameFile(info, fd.cur.info) {
		if info.Size() < fd.cur.off {
			s.Event(FileEvent{i, fd.path, Truncated})
			fl.flush(i, fd.cur, s)
			fd.cur.off, fd.cur.skip = 0, false
			fd.cur.info = info
			return true
		}
		fd.cur.info = info
		return false
	}
	o, err := openFile(fd.path)
	if err != nil {
		return false // not readable yet (being created): try again next poll
	}
	change := Rotated
	if fd.missing {
		change = Appeared
	}
	fd.missing = false
	if fd.cur != nil {
		fd.cur.lastData = now
		fd.old = append(fd.old, fd.cur)
	}
	fd.cur = o
	s.Event(FileEvent{i, fd.path, change})
	return true
}

// read reads what o got, up to maxReadPerPoll, and hands whole lines on;
// it reports whether there was anything.
func (fl *Follower) read(i int, o *open, s Sink, now time.Time) bool {
	got := false
	for total := 0; total < maxReadPerPoll; {
		n, err := o.f.ReadAt(fl.buf, o.off)
		if n > 0 {
			got = true
			o.lastData = now
			o.off += int64(n)
			total += n
			fl.take(i, o, fl.buf[:n], s)
		}
		if err != nil || n < len(fl.buf) {
			break
		}
	}
	return got
}

// take splits data into lines after what is pending.
func (fl *Follower) take(i int, o *open, data []byte, s Sink) {
	if o.skip {
		nl := bytes.IndexByte(data, '\n')
		if nl < 0 {
			return
		}
		if o.tooLong {
			s.TooLong(i)
		}
		o.skip, o.tooLong = false, false
		data = data[nl+1:]
	}
	last := bytes.LastIndexByte(data, '\n')
	if last < 0 {
		fl.hold(i, o, data)
		return
	}
	if len(o.pending) > 0 {
		// The pending start of a line and its end.
		nl := bytes.IndexByte(data, '\n')
		if len(o.pending)+nl > fl.maxLine {
			s.TooLong(i)
		} else {
			o.pending = append(o.pending, data[:nl+1]...)
			s.Lines(i, o.pending)
		}
		o.pending = o.pending[:0]
		data = data[nl+1:]
		last -= nl + 1
	}
	if last >= 0 {
		s.Lines(i, data[:last+1])
	}
	fl.hold(i, o, data[last+1:])
}

// hold keeps the start of a line whose end has not been written yet, or
// starts skipping it when it is over the limit already.
func (fl *Follower) hold(i int, o *open, rest []byte) {
	if len(rest) == 0 {
		return
	}
	if len(o.pending)+len(rest) > fl.maxLine {
		o.pending = o.pending[:0]
		o.skip, o.tooLong = true, true
		return
	}
	o.pending = append(o.pending, rest...)
}

// flush hands on a pending last line without its newline (a file that
// ends there: it was rotated away or truncated).
func (fl *Follower) flush(i int, o *open, s Sink) {
	if len(o.pending) > 0 {
		o.pending = append(o.pending, '\n')
		s.Lines(i, o.pending)
		o.pending = o.pending[:0]
	}
	if o.skip && o.tooLong {
		s.TooLong(i)
	}
	o.skip, o.tooLong = false, false
}

// finish reads a rotated-away file to its end one last time and closes it.
func (fl *Follower) finish(i int, o *open, s Sink) {
	fl.read(i, o, s, fl.now())
	fl.flush(i, o, s)
	o.f.Close()
}

// Close reads every rotated-away file to its end and closes all files.
func (fl *Follower) Close() {
	for _, fd := range fl.files {
		for _, o := range fd.old {
			o.f.Close()
		}
		fd.old = nil
		if fd.cur != nil {
			fd.cur.f.Close()
			fd.cur = nil
		}
	}
}
