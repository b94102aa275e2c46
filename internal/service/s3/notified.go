package s3

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/wireup/wireup/internal/service"
)

// ObjectAPI is the part of the S3 client that reads a notified object.
type ObjectAPI interface {
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// NotifiedObjects reads the objects an S3 event notification names: what
// a probe at the notification's destination reads when the canary is
// inside an object another service wrote (Firehose names its objects
// itself, so the canary's id is not in the key).
type NotifiedObjects struct{ c ObjectAPI }

// NewNotifiedObjects returns the reader on c.
func NewNotifiedObjects(c ObjectAPI) *NotifiedObjects { return &NotifiedObjects{c: c} }

// NotifiedObjectsFromConfig returns the reader on a client built from cfg
// (see ClientOptions).
func NotifiedObjectsFromConfig(cfg aws.Config) *NotifiedObjects {
	return NewNotifiedObjects(s3.NewFromConfig(cfg, ClientOptions(cfg)))
}

// notification is the part of an S3 event notification that names the
// objects (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html),
// and of an SNS envelope that carries one in its Message
// (https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html).
type notification struct {
	Records []struct {
		EventName string `json:"eventName"`
		S3        struct {
			Bucket struct {
				Name string `json:"name"`
			} `json:"bucket"`
			Object struct {
				Key string `json:"key"`
			} `json:"object"`
		} `json:"s3"`
	} `json:"Records"`
	Message string `json:"Message"`
}

// Mention reports whether an object created that the notification body
// names contains id (gzip'd objects unpacked), and which object,
// s3://bucket/key. A body that is no S3 notification names none.
func (n *NotifiedObjects) Mention(ctx context.Context, body, id string) (string, bool, error) {
	var note notification
	if json.Unmarshal([]byte(body), &note) != nil {
		return "", false, nil
	}
	if len(note.Records) == 0 && note.Message != "" {
		return n.Mention(ctx, note.Message, id) // raw delivery off: SNS's envelope
	}
	for _, r := range note.Records {
		// AWS names the event "ObjectCreated:Put"; kumo "s3:ObjectCreated:Put".
		if !strings.Contains(r.EventName, "ObjectCreated:") || r.S3.Bucket.Name == "" {
			continue
		}
		// Keys are URL-encoded in notifications, spaces as '+'.
		key, err := url.QueryUnescape(r.S3.Object.Key)
		if err != nil {
			key = r.S3.Object.Key
		}
		bucket := r.S3.Bucket.Name
		ok, err := holds(ctx, n.c, bucket, key, id)
		switch {
		case service.IsNotFound(err):
			continue // deleted since: it is not where the canary is
		case err != nil:
			return "", false, fmt.Errorf("read notified object s3://%s/%s: %w", bucket, key, err)
		case ok:
			return "s3://" + bucket + "/" + key, true, nil
		}
	}
	return "", false, nil
}

// holds reports whether the object bucket/key contains id, gzip'd objects
// unpacked (at most 64 MiB read).
func holds(ctx context.Context, c ObjectAPI, bucket, key, id string) (bool, error) {
	got, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return false, err
	}
	defer got.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(got.Body, 64<<20))
	return bytes.Contains(service.Unpacked(data), []byte(id)), nil
}
