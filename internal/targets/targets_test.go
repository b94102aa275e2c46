package targets

import (
	"strings"
	"testing"
)

func testTable(t *testing.T) Table {
	t.Helper()
	tb, err := NewTable(
		Rows{"a-to-b": {Moto: Wired("b does not move it"), Kumo: Refused("kumo has no b", "kumo has no b")}},
		Rows{"b-to-c": {Moto: Data(), Kumo: Data()}, "app-to-a": CodeRow()},
	)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestRouteNamesTheFirstBlockingHop(t *testing.T) {
	tb := testTable(t)
	got := tb.Route(Moto, []string{"b-to-c", "a-to-b"})
	if !got.Deploy || got.Data || got.DataReason != "a-to-b: b does not move it" {
		t.Errorf("Route = %+v", got)
	}
	got = tb.Route(Kumo, []string{"a-to-b", "b-to-c"})
	if got.Deploy || got.DeployReason != "a-to-b: kumo has no b" || got.DataReason != "a-to-b: kumo has no b" {
		t.Errorf("Route = %+v", got)
	}
	if got := tb.Route(Kumo, []string{"b-to-c"}); !got.Data || !got.Deploy {
		t.Errorf("kumo b→c = %+v, want deploy and data", got)
	}
}

// AWS moves data on every hop; LocalStack does wherever no row says
// otherwise; a measured target without a row is unknown, never assumed.
func TestForDefaults(t *testing.T) {
	tb := testTable(t)
	for _, tt := range []struct {
		t      Target
		id     string
		want   Capability
		reason string // DataReason prefix
	}{
		{AWS, "a-to-b", Data(), ""},
		{AWS, "x-to-y", Data(), ""},
		{LocalStack, "a-to-b", Capability{Deploy: true, Data: true}, "LocalStack delivers on this path"},
		{LocalStack, "app-to-a", Code(), "application code"},
		{Moto, "x-to-y", Capability{}, "not measured on moto"},
		{Moto, "app-to-a", Code(), "application code"},
	} {
		got := tb.For(tt.t, tt.id)
		if got.Deploy != tt.want.Deploy || got.Data != tt.want.Data || !strings.HasPrefix(got.DataReason, tt.reason) || tt.reason == "" && got.DataReason != "" {
			t.Errorf("For(%s, %s) = %+v, want %+v with reason %q", tt.t, tt.id, got, tt.want, tt.reason)
		}
	}
	if got := (Table{}).For(Moto, "a-to-b"); got.Deploy || got.DeployReason != "not measured on moto" {
		t.Errorf("the zero Table: For(moto, a-to-b) = %+v, want not measured", got)
	}
}

// Every hop has one owner: two packages declaring it is an error.
func TestNewTableRefusesADuplicateRow(t *testing.T) {
	_, err := NewTable(Rows{"a-to-b": {Moto: Data()}}, Rows{"a-to-b": {Kumo: Data()}})
	if err == nil || !strings.Contains(err.Error(), "a-to-b") {
		t.Errorf("NewTable with a-to-b twice = %v", err)
	}
}
