package s3

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// probeBucket is the bucket demo-bucket: objects by key, with the time
// they were written; it records the prefixes listed.
type probeBucket struct {
	mu       sync.Mutex
	objects  map[string][]byte
	modified map[string]time.Time
	listed   []string
}

func newProbeBucket() *probeBucket {
	return &probeBucket{objects: map[string][]byte{}, modified: map[string]time.Time{}}
}

func (b *probeBucket) put(key string, body []byte, at time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.objects[key], b.modified[key] = body, at
}

func (b *probeBucket) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	if aws.ToString(in.Bucket) != "demo-bucket" {
		return nil, &s3types.NoSuchBucket{}
	}
	body, _ := io.ReadAll(in.Body)
	b.put(aws.ToString(in.Key), body, time.Now())
	return &s3.PutObjectOutput{}, nil
}

func (b *probeBucket) GetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	body, ok := b.objects[aws.ToString(in.Key)]
	if !ok {
		return nil, &s3types.NoSuchKey{}
	}
	return &s3.GetObjectOutput{Body: io.NopCloser(bytes.NewReader(body))}, nil
}

func (b *probeBucket) ListObjectsV2(_ context.Context, in *s3.ListObjectsV2Input, _ ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.listed = append(b.listed, aws.ToString(in.Prefix))
	out := &s3.ListObjectsV2Output{}
	for k := range b.objects {
		if strings.HasPrefix(k, aws.ToString(in.Prefix)) {
			out.Contents = append(out.Contents, s3types.Object{Key: aws.String(k), LastModified: aws.Time(b.modified[k])})
		}
	}
	return out, nil
}

func probeCanary(route []string, target targets.Target, timeout time.Duration, res map[string]*service.Record, hops *[]string) *service.Canary {
	res[plan.IDBucket] = &service.Record{Inputs: map[string]string{"objectPrefix": "incoming/"}, Outputs: map[string]string{"name": "demo-bucket"}}
	c := &service.Canary{ID: service.NewCanaryID(), Route: route, Target: target, Timeout: timeout, Resources: res,
		OnHop: func(path string, _ time.Duration, detail string) { *hops = append(*hops, path+": "+detail) }}
	c.Body = []byte(`{"id":"` + c.ID + `"}` + "\n")
	return c
}

// The canary object goes past the bucket notification's filter, so that
// it fires, or under the object prefix, as the producer writes; what verify
// wrote itself it reads back by that key.
func TestProbeInjectsPastTheFilter(t *testing.T) {
	tests := []struct {
		name         string
		notification map[string]string
		want         string // with ID for the canary
	}{
		{"no notification", nil, "incoming/ID.json"},
		{"prefix", map[string]string{"filterPrefix": "in/"}, "in/ID.json"},
		{"prefix and suffix", map[string]string{"filterPrefix": "in/", "filterSuffix": ".csv"}, "in/ID.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newProbeBucket()
			var hops []string
			res := map[string]*service.Record{}
			if tt.notification != nil {
				res[plan.IDBucketNotification] = &service.Record{Inputs: tt.notification}
			}
			c := probeCanary([]string{"app-to-s3"}, targets.Moto, time.Second, res, &hops)
			p := NewProbe(b)
			start, err := p.Inject(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			want := strings.ReplaceAll(tt.want, "ID", c.ID)
			if got := b.objects[want]; !bytes.Equal(got, c.Body) {
				t.Fatalf("objects %v, want the canary at %s", b.objects, want)
			}
			if err := p.Await(context.Background(), c, "app", start); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff([]string{"app → s3: s3://demo-bucket/" + want}, hops); d != "" {
				t.Errorf("hops (-want +got):\n%s", d)
			}
		})
	}
}

func gzipped(t *testing.T, s string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// What another service wrote is found where that service writes: a
// delivery stream under its prefix up to the first expression, an IoT rule
// under <objectPrefix><topic>/; objects from before the run are skipped
// and gzip'd ones unpacked.
func TestProbeAwaitsWhereTheWriterWrites(t *testing.T) {
	tests := []struct {
		from, prefix string
		route        []string
	}{
		{"firehose", "data/", []string{"app-to-firehose", "firehose-to-s3"}},
		{"iot", "incoming/demo/events/", []string{"iot-to-s3"}},
	}
	for _, tt := range tests {
		t.Run(tt.from, func(t *testing.T) {
			b := newProbeBucket()
			var hops []string
			c := probeCanary(tt.route, targets.Moto, 2*time.Second, map[string]*service.Record{
				plan.IDDeliveryStream: {Inputs: map[string]string{"prefix": "data/!{timestamp:yyyy/MM/dd}/", "bufferIntervalSeconds": "300"}},
				plan.IDTopicRule:      {Inputs: map[string]string{"topic": "demo/events"}},
			}, &hops)
			start := time.Now()
			b.put(tt.prefix+"old", []byte(c.ID), start.Add(-time.Hour)) // cannot be this run's
			b.put(tt.prefix+"other", []byte(`{"id":"someone-else"}`), start)
			go func() {
				time.Sleep(700 * time.Millisecond)
				b.put(tt.prefix+"2026/12/01/delivered", gzipped(t, string(c.Body)), time.Now())
			}()
			if err := NewProbe(b).Await(context.Background(), c, tt.from, start); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff([]string{c.Path() + ": s3://demo-bucket/" + tt.prefix + "2026/12/01/delivered"}, hops); d != "" {
				t.Errorf("hops (-want +got):\n%s", d)
			}
			for _, l := range b.listed {
				if l != tt.prefix {
					t.Errorf("listed %q, want only %q", l, tt.prefix)
				}
			}
		})
	}
}

// On AWS a delivery stream writes when its buffer interval is over, so
// the wait lasts at least that long whatever the timeout; an emulator
// writes at once, and the timeout holds.
func TestProbeWaitsOutTheBuffer(t *testing.T) {
	for _, tg := range []targets.Target{targets.Moto, targets.AWS} {
		t.Run(string(tg), func(t *testing.T) {
			var hops []string
			c := probeCanary([]string{"app-to-firehose", "firehose-to-s3"}, tg, 200*time.Millisecond, map[string]*service.Record{
				plan.IDDeliveryStream: {Inputs: map[string]string{"prefix": "data/", "bufferIntervalSeconds": "60"}}}, &hops)
			ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
			defer cancel()
			err := NewProbe(newProbeBucket()).Await(ctx, c, "firehose", time.Now())
			switch {
			case tg == targets.AWS && !errors.Is(err, context.DeadlineExceeded):
				t.Errorf("Await = %v, want it still waiting for the buffer when the context ends", err)
			case tg == targets.Moto && (err == nil || !strings.Contains(err.Error(), "within 200ms")):
				t.Errorf("Await = %v, want the timeout", err)
			}
		})
	}
}

// A writer the probe knows nothing of is an error, not a wait.
func TestProbeAwaitUnknownWriter(t *testing.T) {
	var hops []string
	c := probeCanary([]string{"lambda-to-s3"}, targets.AWS, time.Second, map[string]*service.Record{}, &hops)
	if err := NewProbe(newProbeBucket()).Await(context.Background(), c, "lambda", time.Now()); err == nil || !strings.Contains(err.Error(), "where lambda writes") {
		t.Errorf("Await = %v", err)
	}
}

// After a Glue job the canary's date partition must hold a Parquet object
// written since the canary: one that predates it, one that is not
// Parquet (whatever its name), and one in another partition do not count.
func TestProbeAwaitsTheGlueJobsParquet(t *testing.T) {
	b := newProbeBucket()
	var hops []string
	c := probeCanary([]string{"glue-to-s3"}, targets.AWS, 2*time.Second, map[string]*service.Record{
		plan.IDGlueJob: {Inputs: map[string]string{"outputPrefix": "curated/"}},
	}, &hops)
	start := time.Now()
	part := "curated/dt=" + start.UTC().Format("2006-01-02") + "/"
	b.put(part+"old.snappy.parquet", []byte("PAR1....PAR1"), start.Add(-time.Hour))
	b.put(part+"fake.snappy.parquet", []byte("{\"id\":\"x\"}"), start)
	b.put("curated/dt=2020-01-01/run-0.snappy.parquet", []byte("PAR1....PAR1"), start)
	if err := NewProbe(b).Await(context.Background(), c, "glue", start); err == nil || !strings.Contains(err.Error(), "no Parquet object") {
		t.Fatalf("Await without this run's Parquet = %v, want an error", err)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		b.put(part+"run-1-part-r-00000.snappy.parquet", []byte("PAR1\x15\x04PAR1"), time.Now())
	}()
	c.Timeout = 3 * time.Second
	if err := NewProbe(b).Await(context.Background(), c, "glue", start); err != nil {
		t.Fatal(err)
	}
	if len(hops) != 1 || !strings.Contains(hops[0], part+"run-1-part-r-00000.snappy.parquet (Parquet") {
		t.Errorf("hops = %v", hops)
	}
	for _, l := range b.listed {
		if l != part {
			t.Errorf("listed %q, want only the canary's partition %q", l, part)
		}
	}
}
