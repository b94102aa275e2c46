package s3

import (
	"fmt"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
)

// Planner plans the bucket and the bucket notifications of a route.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "s3" }

// WriteTarget implements plan.Writable: a producer or an IoT rule puts
// objects under the object prefix.
func (Planner) WriteTarget(s *spec.Spec) iam.Target {
	return iam.Target{Kind: iam.KindS3, Name: s.S3.Bucket, Prefix: s.S3.ObjectPrefix, KMSKeyARN: plan.KeyARN(s.S3.KMSKey)}
}

// Resources implements plan.Planner: the bucket, with its TLS-only policy.
func (Planner) Resources(b *plan.Builder) error {
	s := b.Spec().S3
	if s == nil {
		return nil
	}
	b.Add(&plan.Resource{ID: plan.IDBucket, Kind: plan.KindBucket, Name: s.Bucket, Settings: map[string]string{
		"versioning": plan.BoolString(s.Versioning), "kmsKey": s.KMSKey, "forceDestroy": plan.BoolString(s.ForceDestroy),
		"objectPrefix": s.ObjectPrefix,
	}})
	if a := b.Spec().Athena; a != nil && a.ResultsBucket == s.Bucket {
		// Athena's query results share the bucket and expire there.
		r := b.Resource(plan.IDBucket)
		r.Settings["expirePrefix"], r.Settings["expireDays"] = a.ResultsPrefix, plan.ItoA(a.ResultsExpireDays)
	}
	// Every bucket refuses plain-HTTP requests. The policy is part of the
	// bucket, not a resource of its own: it is put while the bucket is
	// created, before anything that depends on the bucket, and goes with
	// it on destroy.
	rp, err := TLSOnlyPolicy(b.IAMEnv(), s.Bucket)
	return b.SetResourcePolicy(plan.IDBucket, rp, err)
}

// notificationTargets are what a bucket notification delivers to: the
// target type S3's configuration names, and the resource whose ARN it takes.
var notificationTargets = map[string]struct{ target, id string }{
	"sqs":    {"queue", plan.IDQueue},
	"sns":    {"topic", plan.IDTopic},
	"lambda": {"lambda", plan.IDFunction},
}

// Wire implements plan.Wirer: S3 event notifications. The notification
// comes after the resource policy that lets S3 deliver: S3 validates the
// destination when the configuration is put
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html).
func (Planner) Wire(b *plan.Builder, in *catalog.Integration) (bool, error) {
	t, ok := notificationTargets[in.To]
	if in.From != "s3" || !ok {
		return false, nil
	}
	wait, err := b.Accept(in)
	if err != nil {
		return false, err
	}
	s := b.Spec().S3
	n := b.Add(&plan.Resource{ID: plan.IDBucketNotification, Kind: plan.KindBucketNotification, Name: s.Bucket, Integration: in.ID,
		Settings: map[string]string{"target": t.target, "events": strings.Join(s.Events, ","),
			"filterPrefix": s.FilterPrefix, "filterSuffix": s.FilterSuffix}})
	if n.Settings["events"] == "" {
		n.Settings["events"] = "s3:ObjectCreated:*"
	}
	b.Ref(n, "bucket", plan.IDBucket, "name")
	b.Ref(n, "targetArn", t.id, "arn")
	if wait == "" {
		return false, fmt.Errorf("plan: %s: the destination added no resource policy for S3", in.ID)
	}
	n.DependsOn = append(n.DependsOn, wait)
	return true, nil
}
