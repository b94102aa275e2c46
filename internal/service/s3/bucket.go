package s3

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// BucketAPI is the part of the S3 client the bucket kind uses. HeadBucket
// serves the bucket waiters, ListBuckets the listing's paginator.
type BucketAPI interface {
	CreateBucket(ctx context.Context, in *s3.CreateBucketInput, optFns ...func(*s3.Options)) (*s3.CreateBucketOutput, error)
	HeadBucket(ctx context.Context, in *s3.HeadBucketInput, optFns ...func(*s3.Options)) (*s3.HeadBucketOutput, error)
	GetBucketTagging(ctx context.Context, in *s3.GetBucketTaggingInput, optFns ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error)
	PutBucketTagging(ctx context.Context, in *s3.PutBucketTaggingInput, optFns ...func(*s3.Options)) (*s3.PutBucketTaggingOutput, error)
	PutPublicAccessBlock(ctx context.Context, in *s3.PutPublicAccessBlockInput, optFns ...func(*s3.Options)) (*s3.PutPublicAccessBlockOutput, error)
	PutBucketPolicy(ctx context.Context, in *s3.PutBucketPolicyInput, optFns ...func(*s3.Options)) (*s3.PutBucketPolicyOutput, error)
	GetBucketPolicy(ctx context.Context, in *s3.GetBucketPolicyInput, optFns ...func(*s3.Options)) (*s3.GetBucketPolicyOutput, error)
	PutBucketEncryption(ctx context.Context, in *s3.PutBucketEncryptionInput, optFns ...func(*s3.Options)) (*s3.PutBucketEncryptionOutput, error)
	PutBucketVersioning(ctx context.Context, in *s3.PutBucketVersioningInput, optFns ...func(*s3.Options)) (*s3.PutBucketVersioningOutput, error)
	ListObjectVersions(ctx context.Context, in *s3.ListObjectVersionsInput, optFns ...func(*s3.Options)) (*s3.ListObjectVersionsOutput, error)
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, optFns ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
	DeleteObjects(ctx context.Context, in *s3.DeleteObjectsInput, optFns ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error)
	DeleteBucket(ctx context.Context, in *s3.DeleteBucketInput, optFns ...func(*s3.Options)) (*s3.DeleteBucketOutput, error)
	ListBuckets(ctx context.Context, in *s3.ListBucketsInput, optFns ...func(*s3.Options)) (*s3.ListBucketsOutput, error)
	PutBucketLifecycleConfiguration(ctx context.Context, in *s3.PutBucketLifecycleConfigurationInput, optFns ...func(*s3.Options)) (*s3.PutBucketLifecycleConfigurationOutput, error)
}

// Bucket is the s3.bucket kind: a tagged bucket with its public access
// blocked, encrypted (with the plan's KMS key when it has one), versioned
// when the plan says so, and with the TLS-only bucket policy where the
// target accepts it.
type Bucket struct{ c BucketAPI }

// NewBucket returns the bucket kind on c.
func NewBucket(c BucketAPI) *Bucket { return &Bucket{c: c} }

var (
	_ service.Lister = (*Bucket)(nil)
	_ service.Typed  = (*Bucket)(nil)
)

// BucketSettings are the bucket's planned settings. ForceDestroy is
// decoded so that a value that does not parse stops the deploy; destroy
// reads it through [ForceDestroy], where a bucket without it (one found by
// its tags) is emptied, the spec's default. ObjectPrefix is where
// producers write, for verify's canary.
type BucketSettings struct {
	Versioning   bool   `setting:"versioning"`
	KMSKey       string `setting:"kmsKey"`
	ForceDestroy bool   `setting:"forceDestroy"`
	ObjectPrefix string `setting:"objectPrefix"`
	ExpirePrefix string `setting:"expirePrefix"`
	ExpireDays   int32  `setting:"expireDays"`
}

// NewSettings implements service.Typed.
func (*Bucket) NewSettings() any { return &BucketSettings{} }

// Kind implements service.Provider.
func (*Bucket) Kind() plan.Kind { return plan.KindBucket }

// Always implements service.Lister: buckets are listed whatever the plan
// holds.
func (*Bucket) Always() bool { return true }

// Ensure implements service.Provider.
func (b *Bucket) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	p, r := req.Plan, req.Resource
	var in BucketSettings
	if err := service.Decode(req.Inputs, &in); err != nil {
		return nil, fmt.Errorf("bucket %s: %w", r.Name, err)
	}
	c := b.c
	input := &s3.CreateBucketInput{Bucket: aws.String(r.Name)}
	if req.Region != "" && req.Region != "us-east-1" {
		input.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(req.Region)}
	}
	if _, err := c.CreateBucket(ctx, input); err == nil {
		req.Created(map[string]string{"name": r.Name})
	} else {
		switch service.ErrorCode(err) {
		case "BucketAlreadyOwnedByYou":
			tags, terr := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(r.Name)})
			if terr != nil && !service.IsNotFound(terr) && service.ErrorCode(terr) != "NoSuchTagSet" {
				return nil, fmt.Errorf("get bucket tags: %w", terr)
			}
			var ts map[string]string
			if terr == nil {
				ts = service.TagsOf(tags.TagSet, s3Tag)
			}
			if !req.Owns(ts) {
				return nil, fmt.Errorf("create bucket: %s exists in this account and is not tagged %s=%s: %w. Rename s3.bucket in wireup.yaml", r.Name, plan.TagProject, p.Project, service.ErrNameTaken)
			}
		default:
			return nil, fmt.Errorf("create bucket: %w", err)
		}
	}
	if err := s3.NewBucketExistsWaiter(c).Wait(ctx, &s3.HeadBucketInput{Bucket: aws.String(r.Name)}, req.Wait()); err != nil {
		return nil, fmt.Errorf("wait for bucket: %w", err)
	}
	// Tag first, so destroy finds the bucket even if a later call fails.
	ts := service.TagList(p, func(k, v *string) s3types.Tag { return s3types.Tag{Key: k, Value: v} })
	if _, err := c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: aws.String(r.Name), Tagging: &s3types.Tagging{TagSet: ts}}); err != nil {
		return nil, fmt.Errorf("tag bucket: %w", err)
	}
	if _, err := c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: aws.String(r.Name),
		PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{
			BlockPublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true), IgnorePublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}}); err != nil {
		return nil, fmt.Errorf("block public access: %w", err)
	}
	// The TLS-only policy goes on after the public access block: it only
	// denies, so BlockPublicPolicy accepts it, and nothing that depends on
	// the bucket (a notification, a delivery stream, a rule) starts before
	// it is in place.
	if appliesPolicy(req.Target, r) {
		if _, err := c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(r.Name), Policy: aws.String(string(r.Policy))}); err != nil {
			return nil, fmt.Errorf("put bucket policy: %w", err)
		}
	}
	rule := s3types.ServerSideEncryptionRule{ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAes256}}
	if k := in.KMSKey; k != "" {
		rule.ApplyServerSideEncryptionByDefault = &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAwsKms, KMSMasterKeyID: aws.String(k)}
		rule.BucketKeyEnabled = aws.Bool(true)
	}
	if _, err := c.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: aws.String(r.Name),
		ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{rule}}}); err != nil {
		return nil, fmt.Errorf("set bucket encryption: %w", err)
	}
	if in.Versioning {
		if _, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(r.Name),
			VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
			return nil, fmt.Errorf("enable versioning: %w", err)
		}
	}
	if p := in.ExpirePrefix; p != "" {
		if err := b.expire(ctx, r.Name, p, in.ExpireDays); err != nil {
			return nil, err
		}
	}
	// S3 returns no ARN; a bucket ARN has no region or account, so it is
	// fully determined by the partition and the name.
	a := arn.ARN{Partition: p.Env.Partition, Service: "s3", Resource: r.Name}
	return map[string]string{"name": r.Name, "arn": a.String()}, nil
}

// expire puts the bucket's one lifecycle rule: objects under prefix (Athena
// query results) expire after days, and incomplete uploads after a day
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configuration-examples.html).
func (b *Bucket) expire(ctx context.Context, bucket, prefix string, days int32) error {
	_, err := b.c.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: aws.String(bucket),
		LifecycleConfiguration: &s3types.BucketLifecycleConfiguration{Rules: []s3types.LifecycleRule{{
			ID: aws.String("wireup-expire-" + strings.TrimSuffix(prefix, "/")), Status: s3types.ExpirationStatusEnabled,
			Filter:                         &s3types.LifecycleRuleFilter{Prefix: aws.String(prefix)},
			Expiration:                     &s3types.LifecycleExpiration{Days: aws.Int32(days)},
			AbortIncompleteMultipartUpload: &s3types.AbortIncompleteMultipartUpload{DaysAfterInitiation: aws.Int32(1)},
		}}}})
	if err != nil {
		return fmt.Errorf("put lifecycle rule expiring %s after %d days: %w", prefix, days, err)
	}
	return nil
}

// appliesPolicy reports whether the bucket's planned policy is put on
// target t (see BucketPolicy for the one that refuses it).
func appliesPolicy(t targets.Target, r *plan.Resource) bool {
	ok, _ := BucketPolicy(t)
	return ok && len(r.Policy) > 0
}

// BucketPolicy reports whether wireup puts the TLS-only bucket policy (deny
// every request made without TLS) on the buckets it creates on target t,
// and the reason when it does not.
func BucketPolicy(t targets.Target) (bool, string) {
	if t == targets.Moto {
		// Measured on moto 5.2.1: with the policy in place PutObject over
		// http:// returns 403. moto checks bucket policies on object
		// requests, but a statement whose condition does not hold counts
		// as a Deny there (iam/access_control.py, IAMPolicyStatement), and
		// moto passes no aws:SecureTransport value at all.
		return false, "moto treats a bucket-policy statement whose condition does not hold as a Deny, so the policy would refuse every object read and write, over TLS or not"
	}
	return true, ""
}

// Exists implements service.Provider.
func (b *Bucket) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := b.c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(rec.Name)})
	return service.Exists(err)
}

// Drift implements service.Provider: it compares the bucket's policy with
// the planned one.
func (b *Bucket) Drift(ctx context.Context, env service.Env, r *plan.Resource, _ *service.Record) (string, error) {
	if !appliesPolicy(env.Target, r) {
		return "", nil
	}
	got, err := b.c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(r.Name)})
	if service.ErrorCode(err) == "NoSuchBucketPolicy" {
		return "the TLS-only bucket policy was deleted outside wireup", nil
	}
	if err != nil {
		return "", err
	}
	if !service.SamePolicy(aws.ToString(got.Policy), r.Policy) {
		return "the bucket policy was changed outside wireup", nil
	}
	return "", nil
}

// Delete implements service.Provider: it deletes the bucket and waits
// until it is gone. With s3.forceDestroy (the spec's default) it first
// empties it, every version; without, a bucket that still holds objects
// is kept, untouched, and Delete returns a *KeptError: the bucket stays
// the project's (tagged, and recorded where the state had it), so a later
// destroy deletes it once it is empty.
func (b *Bucket) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	name := aws.String(rec.Name)
	force := ForceDestroy(rec)
	if force {
		if err := b.empty(ctx, rec.Name); err != nil {
			return err
		}
	} else if kept, err := b.holds(ctx, rec.Name); err != nil || kept != nil {
		if kept != nil {
			return kept
		}
		return err
	}
	if _, err := b.c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: name}); err != nil {
		if !force && service.ErrorCode(err) == "BucketNotEmpty" {
			// Written to since holds looked: those objects are kept too.
			return &KeptError{Bucket: rec.Name}
		}
		return err
	}
	return s3.NewBucketNotExistsWaiter(b.c).Wait(ctx, &s3.HeadBucketInput{Bucket: name}, env.Wait())
}

// ForceDestroy reports whether destroy empties the bucket of rec before
// deleting it: the s3.forceDestroy the bucket was deployed with, or, for a
// bucket destroy found by its tags, the one List took from the plan.
// Without either it is true, the spec's default.
func ForceDestroy(rec *service.Record) bool {
	v := rec.Inputs["forceDestroy"]
	if v == "" {
		v = rec.Outputs["forceDestroy"]
	}
	return v != "false"
}

// KeptError is Delete's answer for a bucket it kept because it holds
// objects and s3.forceDestroy is false. It is not a failure of the call:
// the project asked for it.
type KeptError struct {
	Bucket string
	// Objects and Versions are what the first page of each listing
	// showed (current objects; versions and delete markers); More says
	// there is more than that. All zero: an object arrived while destroy
	// was deleting the bucket.
	Objects, Versions int
	More              bool
}

// Kept implements service.Keeper.
func (e *KeptError) Kept() (why, remedy string) { return e.Reason(), e.Remedy() }

var _ service.Keeper = (*KeptError)(nil)

// Reason says why the bucket was kept, in a few words.
func (e *KeptError) Reason() string {
	n, what := e.Objects, "object"
	if n == 0 && e.Versions > 0 {
		n, what = e.Versions, "object version"
	}
	var holds string
	switch {
	case n == 0:
		holds = "it received objects while destroy was deleting it"
	case e.More:
		holds = fmt.Sprintf("it holds more than %d %ss", n, what)
	case n == 1:
		holds = "it holds 1 " + what
	default:
		holds = fmt.Sprintf("it holds %d %ss", n, what)
	}
	return holds + " and s3.forceDestroy is false"
}

// Remedy says how to remove the bucket.
func (e *KeptError) Remedy() string {
	return fmt.Sprintf("To remove it, empty it (`aws s3 rm s3://%s --recursive`, and every object version if versioning is on) and run `wireup destroy` again; "+
		"or set s3.forceDestroy: true in wireup.yaml and run `wireup deploy`, which records it, then `wireup destroy`, which deletes the bucket with its objects", e.Bucket)
}

func (e *KeptError) Error() string {
	// The engine's message names the bucket already.
	return "kept: " + e.Reason() + ". " + e.Remedy()
}

// holds returns a *KeptError when the bucket holds any object, version or
// delete marker, and nil when it is empty. One page of each listing is
// enough to tell; both are read because emulators disagree on listing
// unversioned objects as versions.
func (b *Bucket) holds(ctx context.Context, bucket string) (*KeptError, error) {
	vs, err := b.c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)})
	if err != nil {
		return nil, fmt.Errorf("list object versions: %w", err)
	}
	objs, err := b.c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	if err != nil {
		return nil, fmt.Errorf("list objects: %w", err)
	}
	k := &KeptError{Bucket: bucket, Objects: len(objs.Contents), Versions: len(vs.Versions) + len(vs.DeleteMarkers),
		More: aws.ToBool(objs.IsTruncated) || aws.ToBool(vs.IsTruncated)}
	if k.Objects == 0 && k.Versions == 0 {
		return nil, nil
	}
	return k, nil
}

// empty deletes every object version and delete marker.
func (b *Bucket) empty(ctx context.Context, bucket string) error {
	c := b.c
	var keyMarker, versionMarker *string
	for {
		out, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), KeyMarker: keyMarker, VersionIdMarker: versionMarker})
		if err != nil {
			return fmt.Errorf("list object versions: %w", err)
		}
		var ids []s3types.ObjectIdentifier
		for _, v := range out.Versions {
			ids = append(ids, s3types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
		}
		for _, m := range out.DeleteMarkers {
			ids = append(ids, s3types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
		}
		if len(ids) > 0 {
			del, err := c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(bucket), Delete: &s3types.Delete{Objects: ids, Quiet: aws.Bool(true)}})
			if err != nil {
				return fmt.Errorf("delete objects: %w", err)
			}
			if len(del.Errors) > 0 {
				return fmt.Errorf("delete objects: %s: %s", aws.ToString(del.Errors[0].Key), aws.ToString(del.Errors[0].Message))
			}
		}
		if !aws.ToBool(out.IsTruncated) {
			break
		}
		keyMarker, versionMarker = out.NextKeyMarker, out.NextVersionIdMarker
	}
	// Emulators disagree on listing unversioned objects as versions.
	for {
		out, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
		if err != nil {
			return fmt.Errorf("list objects: %w", err)
		}
		if len(out.Contents) == 0 {
			return nil
		}
		var ids []s3types.ObjectIdentifier
		for _, o := range out.Contents {
			ids = append(ids, s3types.ObjectIdentifier{Key: o.Key})
		}
		if _, err := c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(bucket), Delete: &s3types.Delete{Objects: ids, Quiet: aws.Bool(true)}}); err != nil {
			return fmt.Errorf("delete objects: %w", err)
		}
	}
}

// List implements service.Lister: every bucket of the account. A bucket
// destroy finds this way has no recorded s3.forceDestroy, so its outputs
// carry the plan's: that of the plan's bucket of its name, else that of
// the plan's bucket (the project's setting, for a bucket an older spec
// named).
func (b *Bucket) List(ctx context.Context, p *plan.Plan) ([]service.Listed, error) {
	planned, project := map[string]string{}, ""
	for _, r := range p.Resources {
		if r.Kind == plan.KindBucket && r.Settings["forceDestroy"] != "" {
			planned[r.Name], project = r.Settings["forceDestroy"], r.Settings["forceDestroy"]
		}
	}
	var out []service.Listed
	// Without MaxBuckets, S3 answers in one page, and only for accounts
	// under the default bucket quota.
	pg := s3.NewListBucketsPaginator(b.c, &s3.ListBucketsInput{MaxBuckets: aws.Int32(1000)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, bk := range page.Buckets {
			n := aws.ToString(bk.Name)
			outputs := map[string]string{"name": n}
			if v := cmp.Or(planned[n], project); v != "" {
				outputs["forceDestroy"] = v
			}
			out = append(out, service.Listed{Name: n, Outputs: outputs, Tags: func(ctx context.Context) (map[string]string, error) {
				t, err := b.c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(n)})
				if err != nil {
					return nil, err
				}
				return service.TagsOf(t.TagSet, s3Tag), nil
			}})
		}
	}
	return out, nil
}

func s3Tag(t s3types.Tag) (*string, *string) { return t.Key, t.Value }
