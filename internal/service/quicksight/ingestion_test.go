package quicksight

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wireup/wireup/internal/plan"
)

// Recorded answers in the shapes of CreateIngestion and DescribeIngestion
// (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_DescribeIngestion.html).
func ingestionAnswer(id, status, extra string) answer {
	return answer{status: 200, body: `{"Ingestion":{"Arn":"` + setARN + `/ingestions/` + id + `","IngestionId":"` + id + `","IngestionStatus":"` + status + `"` + extra + `,"CreatedTime":1.7649e9},"RequestId":"r-7","Status":200}`}
}

var spiceInputs = func() map[string]string {
	in := map[string]string{}
	for k, v := range setInputs {
		in[k] = v
	}
	in["importMode"] = "SPICE"
	return in
}()

// A SPICE dataset waits for the ingestion CreateDataSet started, through
// QUEUED and RUNNING to COMPLETED, reporting the rows as it goes; it
// starts none of its own.
func TestSPICEWaitsForTheIngestion(t *testing.T) {
	ingPath := "GET " + setPath + "/ingestions/ing-1"
	r, c := newRecorded(t, map[string][]answer{userPath: {janeOK},
		setsPath: {{status: 201, body: `{"Arn":"` + setARN + `","DataSetId":"demo-events","IngestionArn":"` + setARN + `/ingestions/ing-1","IngestionId":"ing-1","Status":201}`}},
		ingPath: {ingestionAnswer("ing-1", "QUEUED", `,"QueueInfo":{"WaitingOnIngestion":"other","QueuedIngestion":"ing-1"}`),
			ingestionAnswer("ing-1", "RUNNING", `,"RowInfo":{"RowsIngested":10,"RowsDropped":0}`),
			ingestionAnswer("ing-1", "COMPLETED", `,"RowInfo":{"RowsIngested":25,"RowsDropped":1,"TotalRowsInDataset":25}`)}})
	var created []map[string]string
	var progress []string
	req := request(plan.KindDataSet, "demo-events", spiceInputs, false, &created)
	req.Env.Progress = func(m string) { progress = append(progress, m) }
	out, err := NewDataSet(c).Ensure(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if out["ingestion"] != "ing-1" || out["rowsIngested"] != "25" || len(created) != 1 {
		t.Errorf("outputs %v, created %v", out, created)
	}
	if n := r.count(ingPath); n != 3 {
		t.Errorf("DescribeIngestion calls = %d, want 3", n)
	}
	for _, c := range r.calls {
		if strings.HasPrefix(c, "PUT ") {
			t.Errorf("an ingestion was started although CreateDataSet started one: %s", c)
		}
	}
	want := []string{"QUEUED behind ingestion other", "RUNNING, 10 rows ingested", "COMPLETED, 25 rows ingested, 1 dropped"}
	if len(progress) != len(want) {
		t.Fatalf("progress = %q, want %d lines", progress, len(want))
	}
	for i, w := range want {
		if !strings.HasSuffix(progress[i], w) || !strings.Contains(progress[i], "SPICE ingestion ing-1 of QuickSight dataset demo-events") {
			t.Errorf("progress[%d] = %q, want it to end %q", i, progress[i], w)
		}
	}
}

// Without an ingestion from CreateDataSet (moto answers none), the kind
// starts a full refresh of its own; a FAILED one is an error with
// QuickSight's reason, after the dataset was recorded.
func TestSPICEStartsAndFails(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	id := ingestionID(now)
	ing := setPath + "/ingestions/" + id
	r, c := newRecorded(t, map[string][]answer{userPath: {janeOK},
		setsPath:     {{status: 201, body: `{"Arn":"` + setARN + `","DataSetId":"demo-events","Status":201}`}},
		"PUT " + ing: {{status: 201, body: `{"Arn":"` + setARN + `/ingestions/` + id + `","IngestionId":"` + id + `","IngestionStatus":"INITIALIZED","Status":201}`}},
		"GET " + ing: {ingestionAnswer(id, "FAILED", `,"ErrorInfo":{"Type":"DATA_SOURCE_NOT_FOUND","Message":"relation \"events\" does not exist"}`)}})
	d := NewDataSet(c)
	d.now = func() time.Time { return now }
	var created []map[string]string
	_, err := d.Ensure(context.Background(), request(plan.KindDataSet, "demo-events", spiceInputs, false, &created))
	for _, w := range []string{"FAILED", "DATA_SOURCE_NOT_FOUND", `relation "events" does not exist`, "deploy again"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("Ensure = %v; want it to say %q", err, w)
		}
	}
	if len(created) != 1 {
		t.Errorf("the dataset was not recorded before the ingestion failed: %v", created)
	}
	if b := r.sent("PUT " + ing); b["IngestionType"] != "FULL_REFRESH" {
		t.Errorf("CreateIngestion sent %v", b)
	}
}

// A DIRECT_QUERY dataset ingests nothing.
func TestDirectQueryIngestsNothing(t *testing.T) {
	r, c := newRecorded(t, map[string][]answer{userPath: {janeOK},
		setsPath: {{status: 201, body: `{"Arn":"` + setARN + `","DataSetId":"demo-events","Status":201}`}}})
	var created []map[string]string
	if _, err := NewDataSet(c).Ensure(context.Background(), request(plan.KindDataSet, "demo-events", setInputs, false, &created)); err != nil {
		t.Fatal(err)
	}
	for _, c := range r.calls {
		if strings.Contains(c, "/ingestions/") {
			t.Errorf("DIRECT_QUERY dataset called %s", c)
		}
	}
}
