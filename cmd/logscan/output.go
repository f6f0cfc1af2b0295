package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"

	"github.com/logscan/logscan/report"
)

// maxLinkHops bounds the symbolic links followed to find where -o writes,
// as the kernel does (ELOOP).
const maxLinkHops = 40

// writeOutput writes what render produces to path, following the rules of
// well-behaved tools:
//
//   - "-" is standard output;
//   - a regular file, or a path that does not exist, is replaced atomically:
//     the report goes into a temporary file in the same directory, which is
//     renamed over path, so a reader (or a cron job stopped half-way) never
//     sees half a report; the file replaced keeps its mode (and its owner,
//     when this process may set it); a new file gets mode 0644;
//   - a symbolic link is followed and its target written as above (the link
//     stays a link; a dangling link creates its target);
//   - a character device, a FIFO or a socket (/dev/stdout, /dev/null, a
//     pipe, also through a link such as /proc/self/fd/1) is opened and
//     written directly, never renamed over;
//   - a directory or a block device is refused.
//
// It refuses a path that is one of the inputs.
func writeOutput(path string, stdout io.Writer, inputs []string, render func(io.Writer) error) error {
	if path == "-" {
		return writeTo(stdout, "standard output", render)
	}
	if err := notAnInput(path, inputs); err != nil {
		return err
	}
	target, fi, direct, err := outputTarget(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", report.Terminal(path), err)
	}
	if direct {
		return writeDirect(target, fi, render)
	}
	return writeAtomic(target, fi, render)
}

// outputTarget finds where a report for path goes: the path to write, what
// is there now (nil when nothing), and whether it is to be written directly
// (a device, FIFO or socket, or a regular file reached through a link that
// names no path, such as /proc/self/fd/1 of a deleted file) rather than
// replaced.
func outputTarget(path string) (target string, fi fs.FileInfo, direct bool, err error) {
	p := path
	for range maxLinkHops {
		lfi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, nil, false, nil
		}
		if err != nil {
			return "", nil, false, err
		}
		if lfi.Mode()&fs.ModeSymlink == 0 {
			return kindOf(p, lfi, false)
		}
		// Stat through the link: it also follows the kernel's magic links
		// (/proc/self/fd/N), whose text ("pipe:[123]") names no path.
		st, err := os.Stat(p)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", nil, false, unwrapPath(err)
		}
		if err == nil && !st.Mode().IsRegular() {
			return kindOf(p, st, true)
		}
		dest, rerr := os.Readlink(p)
		if rerr != nil {
			return "", nil, false, rerr
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(p), dest)
		}
		if err == nil {
			// A regular file: replace the file the link leads to, when its
			// text leads there; else write through the link.
			if real, rerr := filepath.EvalSymlinks(p); rerr == nil {
				if rst, serr := os.Stat(real); serr == nil && os.SameFile(st, rst) {
					return real, rst, false, nil
				}
			}
			return p, st, true, nil
		}
		p = dest // a dangling link: follow its text to the path to create
	}
	return "", nil, false, errors.New("too many levels of symbolic links")
}

// kindOf says how to write to p, which holds fi (viaLink: p is a link to it).
func kindOf(p string, fi fs.FileInfo, viaLink bool) (string, fs.FileInfo, bool, error) {
	m := fi.Mode()
	switch {
	case m.IsRegular():
		return p, fi, viaLink, nil
	case m.IsDir():
		return "", nil, false, errors.New("is a directory")
	case m&fs.ModeDevice != 0 && m&fs.ModeCharDevice == 0:
		return "", nil, false, errors.New("is a block device; refusing to write a report onto it")
	case m&(fs.ModeCharDevice|fs.ModeNamedPipe|fs.ModeSocket) != 0:
		return p, fi, true, nil
	}
	return "", nil, false, fmt.Errorf("is not a file, a device, a FIFO or a socket (%s)", m.Type())
}

// writeTo renders into w through a buffer and flushes it.
func writeTo(w io.Writer, name string, render func(io.Writer) error) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := render(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", report.Terminal(name), unwrapPath(err))
	}
	return nil
}

// writeDirect opens path, a character device, FIFO or socket (or a regular
// file reached through a magic link), and writes to it in place.
func writeDirect(path string, fi fs.FileInfo, render func(io.Writer) error) error {
	var w io.WriteCloser
	var err error
	if fi.Mode()&fs.ModeSocket != 0 {
		w, err = net.Dial("unix", path)
		if err != nil {
			w, err = net.Dial("unixgram", path)
		}
	} else {
		flag := os.O_WRONLY
		if fi.Mode().IsRegular() {
			flag |= os.O_TRUNC
		}
		w, err = os.OpenFile(path, flag, 0)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", report.Terminal(path), unwrapPath(err))
	}
	if err := writeTo(w, path, render); err != nil {
		w.Close()
		return err
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("write %s: %w", report.Terminal(path), unwrapPath(err))
	}
	return nil
}

// writeAtomic writes a temporary file beside path and renames it over
// path, keeping the mode and owner of old, the file it replaces (nil when
// there is none).
func writeAtomic(path string, old fs.FileInfo, render func(io.Writer) error) error {
	fail := func(err error) error { return fmt.Errorf("write %s: %w", report.Terminal(path), unwrapPath(err)) }
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fail(err)
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	if err := writeTo(tmp, path, render); err != nil {
		tmp.Close()
		return err
	}
	mode := fs.FileMode(0o644)
	if old != nil {
		mode = old.Mode().Perm()
		keepOwner(tmp, old)
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fail(err)
	}
	return nil
}

// unwrapPath drops the operation and path of a *fs.PathError, which the
// caller's message names already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// notAnInput returns an error when path names one of the input files, by
// name or by identity (a hard or symbolic link to it).
func notAnInput(path string, inputs []string) error {
	abs, _ := filepath.Abs(path)
	out, statErr := os.Stat(path)
	for _, in := range inputs {
		if in == "-" {
			continue
		}
		inAbs, _ := filepath.Abs(in)
		same := inAbs == abs
		if !same && statErr == nil {
			if st, err := os.Stat(in); err == nil && os.SameFile(st, out) {
				same = true
			}
		}
		if same {
			return usageError("refusing to write the report over the input %s", report.Terminal(in))
		}
	}
	return nil
}
