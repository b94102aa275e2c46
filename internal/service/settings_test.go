package service

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wireup/wireup/internal/plan"
)

type decoded struct {
	Name     string   `setting:"name"`
	On       bool     `setting:"on"`
	Size     int32    `setting:"size"`
	Bytes    int64    `setting:"bytes"`
	Rate     float64  `setting:"rate"`
	Columns  []string `setting:"columns"`
	Untagged int
}

func TestDecode(t *testing.T) {
	var d decoded
	err := Decode(map[string]string{"name": "q", "on": "true", "size": "128", "bytes": "10737418240", "rate": "0.5", "columns": "a,b", "other": "x", "Untagged": "7"}, &d)
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "q" || !d.On || d.Size != 128 || d.Bytes != 10737418240 || d.Rate != 0.5 || !slices.Equal(d.Columns, []string{"a", "b"}) || d.Untagged != 0 {
		t.Errorf("decoded %+v", d)
	}
	var empty decoded
	if err := Decode(map[string]string{"size": "", "on": ""}, &empty); err != nil || empty.Size != 0 || empty.On {
		t.Errorf("absent settings: %+v, %v; want zero values", empty, err)
	}
}

func TestDecodeRefusesWhatDoesNotParse(t *testing.T) {
	for _, tt := range []struct {
		in   map[string]string
		want string
	}{
		{map[string]string{"size": "abc"}, `setting size = "abc" is not a whole number`},
		{map[string]string{"size": "3000000000"}, `setting size = "3000000000" is not a whole number in range`},
		{map[string]string{"size": "1.5"}, `setting size = "1.5"`},
		{map[string]string{"on": "yes"}, `setting on = "yes" is not a boolean`},
		{map[string]string{"rate": "fast"}, `setting rate = "fast" is not a number`},
	} {
		var d decoded
		if err := Decode(tt.in, &d); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Decode(%v) = %v, want %q", tt.in, err, tt.want)
		}
	}
	var notStruct int
	if err := Decode(nil, &notStruct); err == nil {
		t.Error("Decode into *int succeeded")
	}
	var bad struct {
		M map[string]string `setting:"m"`
	}
	if err := Decode(map[string]string{"m": "x"}, &bad); err == nil || !strings.Contains(err.Error(), "unsupported type") {
		t.Errorf("Decode into a map field = %v", err)
	}
}

// A sink after a delivery stream waits out its buffer interval; one that
// does not parse is an error naming the stream, never a wait of 0.
func TestCanaryBufferInterval(t *testing.T) {
	c := &Canary{Resources: map[string]*Record{}}
	if d, err := c.BufferInterval(); d != 0 || err != nil {
		t.Errorf("no delivery stream: %v, %v", d, err)
	}
	c.Resources[plan.IDDeliveryStream] = &Record{Name: "demo-stream", Inputs: map[string]string{"bufferIntervalSeconds": "300"}}
	if d, err := c.BufferInterval(); d != 300*time.Second || err != nil {
		t.Errorf("300 s: %v, %v", d, err)
	}
	c.Resources[plan.IDDeliveryStream].Inputs["bufferIntervalSeconds"] = "5m"
	if _, err := c.BufferInterval(); err == nil || !strings.Contains(err.Error(), `demo-stream: setting bufferIntervalSeconds = "5m"`) {
		t.Errorf("unparsable: %v", err)
	}
}

func TestDecodeFor(t *testing.T) {
	d, err := DecodeFor[decoded](plan.KindQueue, "demo-q", map[string]string{"size": "8"})
	if err != nil || d.Size != 8 {
		t.Errorf("DecodeFor = %+v, %v", d, err)
	}
	if _, err := DecodeFor[decoded](plan.KindQueue, "demo-q", map[string]string{"size": "x"}); err == nil || !strings.HasPrefix(err.Error(), "sqs.queue demo-q: setting size") {
		t.Errorf("DecodeFor error = %v, want it to name the kind and the resource", err)
	}
}
