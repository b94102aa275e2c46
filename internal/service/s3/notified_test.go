package s3

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// objectStore serves objects by bucket/key; a missing one is NoSuchKey.
type objectStore map[string][]byte

func (o objectStore) GetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	b, ok := o[aws.ToString(in.Bucket)+"/"+aws.ToString(in.Key)]
	if !ok {
		return nil, &s3types.NoSuchKey{}
	}
	return &s3.GetObjectOutput{Body: io.NopCloser(bytes.NewReader(b))}, nil
}

// The objects a notification names are read (keys URL-decoded as AWS
// encodes them, gzip'd bodies unpacked, through SNS's envelope too);
// removals, the test event, missing objects and bodies that are no
// notification mention nothing.
func TestNotifiedObjectsMention(t *testing.T) {
	const id = "wireup-canary-0123456789abcdef"
	store := objectStore{
		"b/data/2026/12/03/demo 1.gz": gzipped(t, `{"id":"`+id+`"}`+"\n"),
		"b/plain.json":                []byte(`{"id":"someone-else"}`),
	}
	n := NewNotifiedObjects(store)
	note := func(event, key string) string {
		return `{"Records":[{"eventSource":"aws:s3","eventName":"` + event + `","s3":{"bucket":{"name":"b"},"object":{"key":"` + key + `"}}}]}`
	}
	for _, tt := range []struct {
		name, body string
		want       bool
	}{
		{"gzip'd object, encoded key", note("ObjectCreated:Put", "data/2026/12/03/demo+1.gz"), true},
		{"kumo's event name", note("s3:ObjectCreated:Put", "data/2026/12/03/demo%201.gz"), true},
		{"object without the canary", note("ObjectCreated:Put", "plain.json"), false},
		{"removal", note("ObjectRemoved:Delete", "data/2026/12/03/demo+1.gz"), false},
		{"object gone", note("ObjectCreated:Put", "gone.json"), false},
		{"test event", `{"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"b"}`, false},
		{"not JSON", "hello", false},
		{"SNS envelope", `{"Type":"Notification","Message":` + quote(note("ObjectCreated:Put", "data/2026/12/03/demo+1.gz")) + `}`, true},
	} {
		where, ok, err := n.Mention(context.Background(), tt.body, id)
		if err != nil || ok != tt.want || ok && where != "s3://b/data/2026/12/03/demo 1.gz" {
			t.Errorf("%s: Mention = %q, %t, %v; want %t", tt.name, where, ok, err, tt.want)
		}
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
