package export

import (
	"bytes"
	"os"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/parser"
)

func TestSmoke(t *testing.T) {
	data, err := os.ReadFile("../cmd/logscan/testdata/sample/access.log")
	require.NoError(t, err)
	f, _ := parser.LookupFormat("combined")
	var out bytes.Buffer
	counts, errs, err := WriteAccess(&out, []Input{{Name: "a.log", Reader: bytes.NewReader(data), Format: f}}, Options{})
	require.NoError(t, err)
	require.NoError(t, errs[0])
	t.Logf("%+v size %d", counts, out.Len())
	pf, err := parquet.OpenFile(bytes.NewReader(out.Bytes()), int64(out.Len()))
	require.NoError(t, err)
	t.Log(pf.Schema())
	t.Log(pf.NumRows())
	r := parquet.NewGenericReader[any](pf)
	rows := make([]parquet.Row, 2)
	n, _ := r.ReadRows(rows)
	for _, row := range rows[:n] {
		t.Log(row)
	}
}
