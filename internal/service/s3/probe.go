package s3

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// ProbeAPI is the part of the S3 client the verify probe uses.
type ProbeAPI interface {
	PutObject(ctx context.Context, in *s3.PutObjectInput, optFns ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, optFns ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
}

// Probe is the verify probe of the route's bucket: it writes the canary as
// an object, and finds it in the objects another service wrote.
type Probe struct{ c ProbeAPI }

// NewProbe returns the probe on c.
func NewProbe(c ProbeAPI) *Probe { return &Probe{c: c} }

// NewProbeFromConfig returns the probe on a client built from cfg
// (see ClientOptions).
func NewProbeFromConfig(cfg aws.Config) *Probe {
	return NewProbe(s3.NewFromConfig(cfg, ClientOptions(cfg)))
}

var _ service.Probe = (*Probe)(nil)

// key is where the canary object goes: past the bucket notification's
// filter when the route has one, so that it fires, and under the spec's
// object prefix otherwise, as the generated producer writes.
func key(c *service.Canary) string {
	if !c.Has(plan.IDBucketNotification) {
		return c.In(plan.IDBucket, "objectPrefix") + c.ID + ".json"
	}
	suffix := c.In(plan.IDBucketNotification, "filterSuffix")
	if suffix == "" {
		suffix = ".json"
	}
	return c.In(plan.IDBucketNotification, "filterPrefix") + c.ID + suffix
}

// Inject implements service.Probe.
func (p *Probe) Inject(ctx context.Context, c *service.Canary) (time.Time, error) {
	start := time.Now()
	if _, err := p.c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(c.Out(plan.IDBucket, "name")),
		Key: aws.String(key(c)), Body: bytes.NewReader(c.Body)}); err != nil {
		return start, fmt.Errorf("put canary object: %w", err)
	}
	return start, nil
}

// Await implements service.Probe. What another service writes has a name
// of its own, so the probe lists where that service writes: a delivery
// stream under its prefix, an IoT rule under <objectPrefix><topic>/. The
// canary verify wrote itself it reads back by its key.
func (p *Probe) Await(ctx context.Context, c *service.Canary, from string, start time.Time) error {
	switch from {
	case "app":
		return p.readBack(ctx, c, start)
	case "firehose":
		// On AWS a delivery stream writes when its buffer interval is
		// over, whatever the verify timeout.
		timeout := c.Timeout
		if c.Target == targets.AWS || c.Target == targets.LocalStack {
			interval, err := c.BufferInterval()
			if err != nil {
				return err
			}
			timeout = max(timeout, interval+time.Minute)
		}
		prefix, _, _ := strings.Cut(c.In(plan.IDDeliveryStream, "prefix"), "!{")
		return p.awaitObject(ctx, c, start, prefix, timeout)
	case "glue":
		// The Glue job writes Parquet partitioned by the event's date, and
		// verify's source probe has run it to its end: the canary's
		// partition must hold a Parquet object written since the canary.
		// Parquet pages are compressed, so the object is recognised by its
		// format, not by the canary's id in its bytes.
		prefix := c.In(plan.IDGlueJob, "outputPrefix") + "dt=" + start.UTC().Format("2006-01-02") + "/"
		return p.awaitParquet(ctx, c, start, prefix)
	case "iot":
		// The rule writes <objectPrefix><topic>/<time>-<uuid>.json.
		prefix := c.In(plan.IDBucket, "objectPrefix") + c.In(plan.IDTopicRule, "topic") + "/"
		return p.awaitObject(ctx, c, start, prefix, c.Timeout)
	}
	return fmt.Errorf("wireup does not know where %s writes into a bucket, so it cannot look for the canary there", from)
}

// readBack reads the canary object Inject wrote.
func (p *Probe) readBack(ctx context.Context, c *service.Canary, start time.Time) error {
	b, k := c.Out(plan.IDBucket, "name"), key(c)
	got, err := p.c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String(k)})
	if err != nil {
		return fmt.Errorf("read canary back: %w", err)
	}
	body, err := io.ReadAll(io.LimitReader(got.Body, 64<<20))
	got.Body.Close()
	if err != nil {
		return fmt.Errorf("read canary back: %w", err)
	}
	if !bytes.Contains(body, []byte(c.ID)) {
		return fmt.Errorf("%s: s3://%s/%s does not hold the canary %s", c.Path(), b, k, c.ID)
	}
	c.Hop(c.Path(), start, "s3://"+b+"/"+k)
	return nil
}

// parquetMagic starts and ends every Parquet file
// (https://parquet.apache.org/docs/file-format/).
const parquetMagic = "PAR1"

// awaitParquet lists the bucket under prefix until a .parquet object
// written since start begins with the Parquet magic bytes.
func (p *Probe) awaitParquet(ctx context.Context, c *service.Canary, start time.Time, prefix string) error {
	bucket := c.Out(plan.IDBucket, "name")
	deadline := time.Now().Add(c.Timeout)
	for {
		list, err := p.c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
		if err != nil {
			return fmt.Errorf("list the job's output: %w", err)
		}
		for _, o := range list.Contents {
			k := aws.ToString(o.Key)
			if !strings.HasSuffix(k, ".parquet") || o.LastModified == nil || o.LastModified.Before(start.Add(-time.Minute)) {
				continue
			}
			got, err := p.c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(k), Range: aws.String("bytes=0-3")})
			if err != nil {
				return fmt.Errorf("read the job's output: %w", err)
			}
			head, _ := io.ReadAll(io.LimitReader(got.Body, 4))
			got.Body.Close()
			if string(head) == parquetMagic {
				c.Hop(c.Path(), start, fmt.Sprintf("s3://%s/%s (Parquet, %d bytes)", bucket, k, aws.ToInt64(o.Size)))
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: the execution ended but no Parquet object written since the canary is under s3://%s/%s", c.Path(), bucket, prefix)
		}
		if err := service.Sleep(ctx, time.Second); err != nil {
			return err
		}
	}
}

// awaitObject lists the bucket under prefix until an object written since
// start contains the canary (gzip'd objects are unpacked).
func (p *Probe) awaitObject(ctx context.Context, c *service.Canary, start time.Time, prefix string, timeout time.Duration) error {
	bucket := c.Out(plan.IDBucket, "name")
	seen := map[string]bool{}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		list, err := p.c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
		if err != nil {
			return fmt.Errorf("list delivered objects: %w", err)
		}
		for _, o := range list.Contents {
			k := aws.ToString(o.Key)
			if seen[k] || o.LastModified != nil && o.LastModified.Before(start.Add(-time.Minute)) {
				continue
			}
			seen[k] = true
			ok, err := holds(ctx, p.c, bucket, k, c.ID)
			if err != nil {
				return fmt.Errorf("read delivered object: %w", err)
			}
			if ok {
				c.Hop(c.Path(), start, "s3://"+bucket+"/"+k)
				return nil
			}
		}
		if err := service.Sleep(ctx, 500*time.Millisecond); err != nil {
			return err
		}
	}
	return fmt.Errorf("%s: the canary did not reach s3://%s/%s within %s", c.Path(), bucket, prefix, timeout)
}
