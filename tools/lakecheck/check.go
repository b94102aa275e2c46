package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Column is one column of a Glue table.
type Column struct{ Name, Type string }

// Table is what the check reads of a Glue table definition.
type Table struct {
	Database, Name string
	Columns        []Column
	// Location is s3://BUCKET/PREFIX; Template the projection's
	// storage.location.template and Format its date format, when the
	// table is projected.
	Location, Template, Format string
	SerDe                      string
}

// duckTypes maps Hive types to DuckDB types
// (https://docs.aws.amazon.com/athena/latest/ug/data-types.html,
// https://duckdb.org/docs/sql/data_types/overview).
var duckTypes = map[string]string{
	"string": "VARCHAR", "varchar": "VARCHAR", "char": "VARCHAR",
	"tinyint": "TINYINT", "smallint": "SMALLINT", "int": "INTEGER", "integer": "INTEGER", "bigint": "BIGINT",
	"float": "FLOAT", "double": "DOUBLE", "boolean": "BOOLEAN",
	"timestamp": "TIMESTAMP", "date": "DATE",
}

var decimalRe = regexp.MustCompile(`^decimal\(\d+,\s*\d+\)$`)

func duckType(hive string) (string, error) {
	h := strings.ToLower(strings.TrimSpace(hive))
	if t, ok := duckTypes[h]; ok {
		return t, nil
	}
	if decimalRe.MatchString(h) {
		return strings.ToUpper(h), nil
	}
	return "", fmt.Errorf("no DuckDB type for Hive type %q", hive)
}

// Report is what one check found.
type Report struct {
	Objects, Rows int
	Canary        bool
}

// String is the check's one line.
func (r Report) String() string {
	found := "canary not found"
	if r.Canary {
		found = "canary found"
	}
	return fmt.Sprintf("lake-schema: %d objects, %d rows, %s, 0 type errors (DuckDB stand-in; not Athena)", r.Objects, r.Rows, found)
}

// Proves says what a passing check shows, and what it does not.
const Proves = "the objects are newline-delimited JSON, every declared column parses into its declared type under DuckDB's casting rules, " +
	"and the keys match the table's projection template; it does not prove Athena's SerDe (timestamp.formats, malformed records), " +
	"partition projection as Athena evaluates it, the named queries' SQL, IAM or the results bucket"

// KeyFits reports whether an object key (under the table's location)
// sits where the projection template puts data: for the hourly layout
// yyyy/MM/dd/HH, PREFIX/YYYY/MM/DD/HH/name.
func KeyFits(t Table, key string) error {
	prefix := strings.TrimPrefix(t.Location, "s3://")
	if _, p, ok := strings.Cut(prefix, "/"); ok {
		prefix = p
	}
	rest, ok := strings.CutPrefix(key, prefix)
	if !ok {
		return fmt.Errorf("key %s is not under the table's location %s", key, t.Location)
	}
	if t.Template == "" {
		return nil
	}
	if t.Format != "yyyy/MM/dd/HH" {
		return fmt.Errorf("projection format %q: the check knows only yyyy/MM/dd/HH", t.Format)
	}
	if !regexp.MustCompile(`^\d{4}/\d{2}/\d{2}/\d{2}/[^/]+$`).MatchString(rest) {
		return fmt.Errorf("key %s does not fit the projection template %s (want %sYYYY/MM/DD/HH/<object>)", key, t.Template, prefix)
	}
	return nil
}

// columnsArg is read_json's columns struct for cols.
func columnsArg(cols []Column) (string, error) {
	var parts []string
	for _, c := range cols {
		dt, err := duckType(c.Type)
		if err != nil {
			return "", fmt.Errorf("column %s: %w", c.Name, err)
		}
		parts = append(parts, fmt.Sprintf("'%s': '%s'", strings.ReplaceAll(c.Name, "'", "''"), dt))
	}
	return "{" + strings.Join(parts, ", ") + "}", nil
}

func filesArg(files []string) string {
	var q []string
	for _, f := range files {
		q = append(q, "'"+strings.ReplaceAll(f, "'", "''")+"'")
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// Check reads files (local copies of the table's objects) as the table
// declares them: newline-delimited JSON, each column in its type. A
// failure names the first column that does not parse. The canary is
// looked for in the id column.
func Check(ctx context.Context, db *sql.DB, t Table, files []string, canary string) (*Report, error) {
	if len(files) == 0 {
		return nil, errors.New("no objects under the table's location")
	}
	if !strings.Contains(strings.ToLower(t.SerDe), "json") {
		return nil, fmt.Errorf("SerDe %s: the check reads JSON tables only", t.SerDe)
	}
	cols, err := columnsArg(t.Columns)
	if err != nil {
		return nil, err
	}
	// format='newline_delimited' is the layout the JSON SerDes read: one
	// document per line (https://docs.aws.amazon.com/athena/latest/ug/json-serde.html).
	// Every column is read (count(col)): DuckDB pushes projections down,
	// and a column no expression reads is never cast.
	q := fmt.Sprintf(`SELECT count(*), count(*) FILTER (WHERE "id" = ?), %s FROM read_json(%s, format = 'newline_delimited', columns = %s)`,
		counts(t.Columns), filesArg(files), cols)
	var rows, found int
	dest := []any{&rows, &found}
	for range t.Columns {
		dest = append(dest, new(int))
	}
	if err := db.QueryRowContext(ctx, q, canary).Scan(dest...); err != nil {
		return nil, blame(ctx, db, t, files, err)
	}
	return &Report{Objects: len(files), Rows: rows, Canary: found > 0}, nil
}

// blame finds the first column that does not parse on its own, so the
// error says which declaration disagrees with the data.
func blame(ctx context.Context, db *sql.DB, t Table, files []string, whole error) error {
	for _, c := range t.Columns {
		col, err := columnsArg([]Column{c})
		if err != nil {
			return err
		}
		var n int
		q := fmt.Sprintf(`SELECT %s FROM read_json(%s, format = 'newline_delimited', columns = %s)`, counts([]Column{c}), filesArg(files), col)
		if err := db.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return fmt.Errorf("column %s (%s) does not parse the data: %w", c.Name, c.Type, err)
		}
	}
	return fmt.Errorf("the objects do not read as the table declares them: %w", whole)
}

// counts is count("col") for each column.
func counts(cols []Column) string {
	var out []string
	for _, c := range cols {
		out = append(out, `count("`+strings.ReplaceAll(c.Name, `"`, `""`)+`")`)
	}
	return strings.Join(out, ", ")
}
