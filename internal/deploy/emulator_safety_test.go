package deploy

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
)

// With s3.forceDestroy: false, destroy keeps a bucket that holds an object
// the user put there, object and all, from the state (which goes on
// recording it) and again by its tags without the state; once it is empty
// destroy deletes it and nothing is left. The plan says so before
// anything is deployed.
func TestEmulatorDestroyKeepsBucketWithObjects(t *testing.T) {
	em := needEmulator(t)
	tp := em.newProject(t, []string{"app-to-s3"}, func(s *spec.Spec) { s.S3.ForceDestroy = false })
	ctx := context.Background()
	bucket := tp.plan.Resource(plan.IDBucket).Name
	var text bytes.Buffer
	if err := tp.plan.WriteText(&text, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "destroy keeps it while it holds objects") {
		t.Errorf("plan does not say destroy keeps the bucket:\n%s", text.String())
	}
	if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
		t.Fatalf("deploy: %v", err)
	}
	c := em.clients.S3
	key, body := "user/notes.txt", "the user's data"
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(body)}); err != nil {
		t.Fatalf("put the user's object: %v", err)
	}
	// Runs before newProject's cleanup destroy, which then finds the
	// bucket empty, whatever failed here.
	t.Cleanup(func() {
		_, _ = c.DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	})

	stillThere := func(when string) {
		t.Helper()
		got, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		if err != nil {
			t.Fatalf("%s: the user's object is gone: %v", when, err)
		}
		b, _ := io.ReadAll(got.Body)
		got.Body.Close()
		if string(b) != body {
			t.Errorf("%s: object holds %q, want %q", when, b, body)
		}
	}
	for _, from := range []string{"state", "tags"} {
		if from == "tags" {
			if err := os.Remove(tp.engine.StatePath); err != nil {
				t.Fatal(err)
			}
		}
		_, err := tp.engine.Destroy(ctx, tp.plan)
		var kept *KeptError
		if !errors.As(err, &kept) || len(kept.Kept) != 1 || kept.Kept[0].Name != bucket || !strings.Contains(kept.Kept[0].Why, "holds 1 object") {
			t.Fatalf("destroy from the %s = %v, want bucket %s kept for its 1 object", from, err, bucket)
		}
		if strings.Contains(err.Error(), "still there") {
			t.Errorf("destroy from the %s calls the kept bucket a leftover: %v", from, err)
		}
		stillThere("after destroy from the " + from)
		if from == "state" {
			st, err := LoadState(tp.engine.StatePath)
			if err != nil {
				t.Fatal(err)
			}
			if st.Resources[plan.IDBucket] == nil {
				t.Error("after destroy the state no longer records the kept bucket")
			}
		}
	}

	if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}); err != nil {
		t.Fatal(err)
	}
	if _, err := tp.engine.Destroy(ctx, tp.plan); err != nil {
		t.Fatalf("destroy of the emptied bucket: %v", err)
	}
	if _, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)}); err == nil {
		t.Error("the emptied bucket is still there")
	}
	assertNothingLeft(t, tp.engine, tp.plan)
}

// With the state file gone, destroy finds the Kinesis stream and the IoT
// topic rule by their tags, or by the project's name rule where the
// target cannot read them (kumo has no Kinesis tagging; moto answers
// ListTagsForResource on a rule with a 500), and deletes every resource.
func TestEmulatorDestroyFromTagsFindsStreamAndRule(t *testing.T) {
	em := needEmulator(t)
	for _, route := range [][]string{{"iot-to-kinesis"}, {"app-to-kinesis"}} {
		t.Run(strings.Join(route, "+"), func(t *testing.T) {
			t.Parallel()
			if c := em.table.Route(em.target, route); !c.Deploy {
				t.Skipf("%s cannot deploy this route: %s", em.target, c.DeployReason)
			}
			tp := em.newProject(t, route)
			ctx := context.Background()
			if _, err := tp.engine.Apply(ctx, tp.plan); err != nil {
				t.Fatalf("deploy: %v", err)
			}
			found, err := tp.engine.Discover(ctx, tp.plan)
			if err != nil {
				t.Fatal(err)
			}
			owned := map[string]bool{}
			for _, f := range found {
				if f.Owned {
					owned[f.State.Kind] = true
				}
			}
			for _, r := range tp.plan.Resources {
				if !owned[string(r.Kind)] {
					t.Errorf("%s %s is not found as the project's without the state", r.Kind, r.Name)
				}
			}
			if err := os.Remove(tp.engine.StatePath); err != nil {
				t.Fatal(err)
			}
			res, err := tp.engine.Destroy(ctx, tp.plan)
			if err != nil {
				t.Fatalf("destroy from tags: %v", err)
			}
			if res.Counts.Deleted != len(tp.plan.Resources) {
				t.Errorf("destroy from tags deleted %d resources, the plan has %d", res.Counts.Deleted, len(tp.plan.Resources))
			}
			assertNothingLeft(t, tp.engine, tp.plan)
		})
	}
}
