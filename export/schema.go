// Package export writes parsed log entries as Parquet files for the
// engines that teams with fleets already run (DuckDB, ClickHouse, Spark,
// Trino): access logs in [AccessSchema], error logs in [ErrorSchema], both
// described in docs/engines.md. It knows entries and Parquet, nothing of
// reports.
package export

import (
	"github.com/parquet-go/parquet-go"
)

// accessRow declares the schema of an access-log export, column by column
// in this order; no value of it is ever built (rows are written column by
// column, see [rowBatch]). Strings are UTF-8 as logged (invalid bytes kept),
// null when the log has none or "-".
type accessRow struct {
	Time         *int64   `parquet:"time,optional,timestamp(microsecond:utc)"`
	UTCOffset    *int32   `parquet:"utc_offset,optional"`
	Client       *string  `parquet:"client,optional"`
	Ident        *string  `parquet:"ident,optional,dict"`
	User         *string  `parquet:"user,optional,dict"`
	Method       *string  `parquet:"method,optional,dict"`
	Path         *string  `parquet:"path,optional"`
	Protocol     *string  `parquet:"protocol,optional,dict"`
	Request      *string  `parquet:"request,optional"`
	Status       int32    `parquet:"status"`
	Bytes        *float64 `parquet:"bytes,optional"`
	Referer      *string  `parquet:"referer,optional,dict"`
	UserAgent    *string  `parquet:"user_agent,optional,dict"`
	VHost        *string  `parquet:"vhost,optional,dict"`
	Port         *int32   `parquet:"port,optional"`
	RequestID    *string  `parquet:"request_id,optional"`
	Connection   *int64   `parquet:"connection,optional"`
	RequestTime  *float64 `parquet:"request_time,optional"`
	UpstreamTime *float64 `parquet:"upstream_time,optional"`
	Extra        *string  `parquet:"extra,optional"`
	Cause        *string  `parquet:"cause,optional,dict"`
	File         string   `parquet:"file,dict"`
	Line         int64    `parquet:"line"`
}

// errorRow declares the schema of an error-log export.
type errorRow struct {
	Time    *int64  `parquet:"time,optional,timestamp(microsecond:utc)"`
	Level   *string `parquet:"level,optional,dict"`
	Module  *string `parquet:"module,optional,dict"`
	PID     *int64  `parquet:"pid,optional"`
	Client  *string `parquet:"client,optional"`
	Code    *string `parquet:"code,optional,dict"`
	Message *string `parquet:"message,optional"`
	Cause   *string `parquet:"cause,optional,dict"`
	File    string  `parquet:"file,dict"`
	Line    int64   `parquet:"line"`
}

// AccessSchema is the schema of an access-log export (docs/engines.md).
var AccessSchema = parquet.NewSchema("logscan_access", parquet.SchemaOf(accessRow{}))

// ErrorSchema is the schema of an error-log export (docs/engines.md).
var ErrorSchema = parquet.NewSchema("logscan_error", parquet.SchemaOf(errorRow{}))
