package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var events = Table{Database: "demo_db", Name: "events", Location: "s3://b/data/", Template: "s3://b/data/${datehour}/",
	Format: "yyyy/MM/dd/HH", SerDe: "org.apache.hive.hcatalog.data.JsonSerDe",
	Columns: []Column{{"id", "string"}, {"source", "string"}, {"seq", "int"}, {"kind", "string"}, {"value", "double"}, {"time", "timestamp"}}}

// two events as the generated producer writes them, one per line.
const data = `{"id":"a","source":"demo","seq":0,"kind":"temperature","value":20,"time":"2026-12-01T10:00:00.000Z"}
{"id":"wireup-canary-1","source":"wireup-verify","seq":1,"kind":"canary","value":20.5,"time":"2026-12-01T10:00:01.250Z"}
`

func open(t *testing.T) *sql.DB {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func file(t *testing.T, body string) string {
	p := filepath.Join(t.TempDir(), "0000.json")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// The generated table reads the generated data, and finds the canary.
func TestCheckPasses(t *testing.T) {
	rep, err := Check(context.Background(), open(t), events, []string{file(t, data)}, "wireup-canary-1")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 2 || !rep.Canary || rep.Objects != 1 {
		t.Errorf("report = %+v", rep)
	}
}

// A table that declares a column in a type the data does not hold fails,
// naming the column.
func TestCheckNamesTheColumn(t *testing.T) {
	wrong := events
	wrong.Columns = append([]Column(nil), events.Columns...)
	wrong.Columns[3] = Column{"kind", "double"}
	_, err := Check(context.Background(), open(t), wrong, []string{file(t, data)}, "")
	if err == nil || !strings.Contains(err.Error(), "column kind (double)") {
		t.Errorf("err = %v, want the column named", err)
	}
}

// Records concatenated without newlines are not what the SerDe reads.
func TestCheckRefusesConcatenatedRecords(t *testing.T) {
	_, err := Check(context.Background(), open(t), events, []string{file(t, strings.ReplaceAll(data, "}\n{", "}{"))}, "")
	if err == nil {
		t.Error("concatenated records passed")
	}
}

// Keys must fit the projection: the literal !{timestamp:…} key an emulator
// writes under an expression prefix does not.
func TestKeyFits(t *testing.T) {
	if err := KeyFits(events, "data/2026/12/01/10/demo-delivery-1-2026-12-01-10-00-00-abc"); err != nil {
		t.Error(err)
	}
	if err := KeyFits(events, "data/!{timestamp:yyyy/MM/dd/HH}/2026/12/01/10/x"); err == nil {
		t.Error("a literal expression key fits")
	}
}
