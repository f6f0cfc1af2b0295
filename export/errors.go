package export

import (
	"fmt"
	"io"
	"time"
	"unsafe"

	"github.com/parquet-go/parquet-go"

	"github.com/logscan/logscan/parser"
)

// errorRowGroupRows is the number of rows of an error-log row group.
const errorRowGroupRows = 1 << 20

// ErrorWriter writes error-log entries to one Parquet file of
// [ErrorSchema], in the order given. Error logs are small beside access
// logs: it writes on the caller's goroutine, a row group of up to a million
// entries at a time, in bounded memory.
type ErrorWriter struct {
	pw    *parquet.GenericWriter[any]
	rg    *parquet.ConcurrentRowGroupWriter
	batch *rowBatch
	rows  int
	file  string
	fileB []byte
	err   error
}

// NewErrorWriter returns a writer of an error-log export to w; createdBy
// names the application in the file's metadata.
func NewErrorWriter(w io.Writer, createdBy string) *ErrorWriter {
	pw := parquet.NewGenericWriter[any](w, writerOptions(ErrorSchema, createdBy)...)
	return &ErrorWriter{pw: pw, rg: pw.BeginRowGroup(), batch: newRowBatch(errorColumns)}
}

// Write writes one entry read from line of file, its time read in loc (the
// zone the caller chose for these zone-less timestamps); cause is the id of
// the cause its message names, or "".
func (w *ErrorWriter) Write(e *parser.ErrorEntry, loc *time.Location, cause, file string, line int64) error {
	if w.err != nil {
		return w.err
	}
	if file != w.file || w.fileB == nil {
		w.file, w.fileB = file, []byte(file)
	}
	var c []byte
	if cause != "" {
		c = unsafe.Slice(unsafe.StringData(cause), len(cause)) // read only
	}
	w.batch.addError(e, loc, c, w.fileB, line)
	// The entry's bytes are valid only until the scanner's next entry.
	if err := w.batch.flush(w.rg.ColumnWriters()); err != nil {
		w.err = fmt.Errorf("write parquet: %w", err)
		return w.err
	}
	if w.rows++; w.rows == errorRowGroupRows {
		w.rows = 0
		if _, err := w.rg.Commit(); err != nil {
			w.err = fmt.Errorf("write parquet: %w", err)
		}
	}
	return w.err
}

// Close writes the last row group and the file's footer.
func (w *ErrorWriter) Close() error {
	if w.err != nil {
		return w.err
	}
	if w.rows > 0 {
		if _, err := w.rg.Commit(); err != nil {
			return fmt.Errorf("write parquet: %w", err)
		}
	}
	if err := w.pw.Close(); err != nil {
		return fmt.Errorf("write parquet: %w", err)
	}
	return nil
}
