package s3

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// BucketNotificationAPI is the part of the S3 client the bucket
// notification kind uses.
type BucketNotificationAPI interface {
	PutBucketNotificationConfiguration(ctx context.Context, in *s3.PutBucketNotificationConfigurationInput, optFns ...func(*s3.Options)) (*s3.PutBucketNotificationConfigurationOutput, error)
	GetBucketNotificationConfiguration(ctx context.Context, in *s3.GetBucketNotificationConfigurationInput, optFns ...func(*s3.Options)) (*s3.GetBucketNotificationConfigurationOutput, error)
}

// BucketNotification is the s3.bucket-notification kind: the bucket's
// notification configuration that sends the route's events to its queue,
// topic or function, under the id wireup-<integration>.
type BucketNotification struct{ c BucketNotificationAPI }

// NewBucketNotification returns the bucket notification kind on c.
func NewBucketNotification(c BucketNotificationAPI) *BucketNotification {
	return &BucketNotification{c: c}
}

var _ service.Typed = (*BucketNotification)(nil)

// BucketNotificationSettings are the notification's planned settings and
// the bucket name and target ARN resolved at apply.
type BucketNotificationSettings struct {
	Target       string   `setting:"target"`
	Events       []string `setting:"events"`
	FilterPrefix string   `setting:"filterPrefix"`
	FilterSuffix string   `setting:"filterSuffix"`
	Bucket       string   `setting:"bucket"`
	TargetArn    string   `setting:"targetArn"`
}

// NewSettings implements service.Typed.
func (*BucketNotification) NewSettings() any { return &BucketNotificationSettings{} }

// Kind implements service.Provider.
func (*BucketNotification) Kind() plan.Kind { return plan.KindBucketNotification }

// Ensure implements service.Provider.
func (n *BucketNotification) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	r := req.Resource
	var in BucketNotificationSettings
	if err := service.Decode(req.Inputs, &in); err != nil {
		return nil, fmt.Errorf("bucket notification %s: %w", r.Name, err)
	}
	var events []s3types.Event
	for _, ev := range in.Events {
		events = append(events, s3types.Event(ev))
	}
	var rules []s3types.FilterRule
	if v := in.FilterPrefix; v != "" {
		rules = append(rules, s3types.FilterRule{Name: s3types.FilterRuleNamePrefix, Value: aws.String(v)})
	}
	if v := in.FilterSuffix; v != "" {
		rules = append(rules, s3types.FilterRule{Name: s3types.FilterRuleNameSuffix, Value: aws.String(v)})
	}
	var filter *s3types.NotificationConfigurationFilter
	if len(rules) > 0 {
		filter = &s3types.NotificationConfigurationFilter{Key: &s3types.S3KeyFilter{FilterRules: rules}}
	}
	id := aws.String(notificationID(r.Integration))
	cfg := &s3types.NotificationConfiguration{}
	switch in.Target {
	case "queue":
		cfg.QueueConfigurations = []s3types.QueueConfiguration{{Id: id, QueueArn: aws.String(in.TargetArn), Events: events, Filter: filter}}
	case "topic":
		cfg.TopicConfigurations = []s3types.TopicConfiguration{{Id: id, TopicArn: aws.String(in.TargetArn), Events: events, Filter: filter}}
	case "lambda":
		cfg.LambdaFunctionConfigurations = []s3types.LambdaFunctionConfiguration{{Id: id, LambdaFunctionArn: aws.String(in.TargetArn), Events: events, Filter: filter}}
	}
	// S3 validates the destination's resource policy when the configuration
	// is put; a just-written policy may not be visible yet.
	err := req.Do(ctx, func(err error) bool {
		return service.ErrorCode(err) == "InvalidArgument" && strings.Contains(strings.ToLower(service.ErrorMessage(err)), "unable to validate")
	}, func() error {
		_, err := n.c.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{
			Bucket: aws.String(in.Bucket), NotificationConfiguration: cfg})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("put bucket notification: %w", err)
	}
	return map[string]string{"bucket": in.Bucket, "id": *id}, nil
}

// Exists implements service.Provider: the bucket's configuration holds the
// route's notification.
func (n *BucketNotification) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	out, err := n.c.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: aws.String(rec.Name)})
	if err != nil {
		return service.Exists(err)
	}
	return hasNotification(out, notificationID(rec.Integration)), nil
}

// Drift implements service.Provider: nothing of a notification is
// compared.
func (*BucketNotification) Drift(context.Context, service.Env, *plan.Resource, *service.Record) (string, error) {
	return "", nil
}

// Delete implements service.Provider: the bucket keeps no notification
// configuration.
func (n *BucketNotification) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	_, err := n.c.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{Bucket: aws.String(rec.Name),
		NotificationConfiguration: &s3types.NotificationConfiguration{}})
	return err
}

// notificationID is the id of the route's notification in the bucket's
// configuration.
func notificationID(integration string) string { return "wireup-" + integration }

func hasNotification(out *s3.GetBucketNotificationConfigurationOutput, id string) bool {
	for _, q := range out.QueueConfigurations {
		if aws.ToString(q.Id) == id {
			return true
		}
	}
	for _, t := range out.TopicConfigurations {
		if aws.ToString(t.Id) == id {
			return true
		}
	}
	for _, l := range out.LambdaFunctionConfigurations {
		if aws.ToString(l.Id) == id {
			return true
		}
	}
	return false
}
