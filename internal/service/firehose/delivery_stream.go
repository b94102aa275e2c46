package firehose

import (
	"context"
	"fmt"
	"maps"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	fhtypes "github.com/aws/aws-sdk-go-v2/service/firehose/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// DeliveryStreamAPI is the part of the Firehose client the delivery stream
// kind uses.
type DeliveryStreamAPI interface {
	CreateDeliveryStream(ctx context.Context, in *firehose.CreateDeliveryStreamInput, optFns ...func(*firehose.Options)) (*firehose.CreateDeliveryStreamOutput, error)
	DescribeDeliveryStream(ctx context.Context, in *firehose.DescribeDeliveryStreamInput, optFns ...func(*firehose.Options)) (*firehose.DescribeDeliveryStreamOutput, error)
	DeleteDeliveryStream(ctx context.Context, in *firehose.DeleteDeliveryStreamInput, optFns ...func(*firehose.Options)) (*firehose.DeleteDeliveryStreamOutput, error)
	ListDeliveryStreams(ctx context.Context, in *firehose.ListDeliveryStreamsInput, optFns ...func(*firehose.Options)) (*firehose.ListDeliveryStreamsOutput, error)
	ListTagsForDeliveryStream(ctx context.Context, in *firehose.ListTagsForDeliveryStreamInput, optFns ...func(*firehose.Options)) (*firehose.ListTagsForDeliveryStreamOutput, error)
}

// DeliveryStream is the firehose.delivery-stream kind: a delivery stream
// into an S3 bucket, fed directly or from a Kinesis stream, with a Lambda
// transform when the plan gives it one.
type DeliveryStream struct{ c DeliveryStreamAPI }

// NewDeliveryStream returns the delivery stream kind on c.
func NewDeliveryStream(c DeliveryStreamAPI) *DeliveryStream { return &DeliveryStream{c: c} }

var (
	_ service.Lister     = (*DeliveryStream)(nil)
	_ service.Prechecker = (*DeliveryStream)(nil)
	_ service.Typed      = (*DeliveryStream)(nil)
)

// DeliveryStreamSettings are the delivery stream's planned settings and
// the ARNs, names and endpoints resolved at apply: the S3 destination
// (or backup) with its buffering and error logging, the source, the
// record processors, and the fields of the HTTP endpoint, Splunk,
// Redshift or OpenSearch destination.
type DeliveryStreamSettings struct {
	BucketArn             string `setting:"bucketArn"`
	RoleArn               string `setting:"roleArn"`
	BufferSizeMiB         int32  `setting:"bufferSizeMiB"`
	BufferIntervalSeconds int32  `setting:"bufferIntervalSeconds"`
	Compression           string `setting:"compression"`
	Prefix                string `setting:"prefix"`
	ErrorPrefix           string `setting:"errorPrefix"`
	ErrorLogGroup         string `setting:"errorLogGroup"`
	ErrorLogStream        string `setting:"errorLogStream"`
	Source                string `setting:"source"`
	StreamArn             string `setting:"streamArn"`
	Destination           string `setting:"destination"`

	CloudWatchLogs         bool   `setting:"cloudWatchLogs"`
	TransformArn           string `setting:"transformArn"`
	TransformBufferSizeMiB int32  `setting:"transformBufferSizeMiB"`

	RetrySeconds int32  `setting:"retrySeconds"`
	SecretArn    string `setting:"secretArn"`
	BackupPrefix string `setting:"backupPrefix"`

	// HTTP endpoint.
	URL                       string `setting:"url"`
	LocalURL                  string `setting:"localUrl"`
	EndpointName              string `setting:"endpointName"`
	HTTPBufferSizeMiB         int32  `setting:"httpBufferSizeMiB"`
	HTTPBufferIntervalSeconds int32  `setting:"httpBufferIntervalSeconds"`

	// Splunk.
	HECEndpoint                 string `setting:"hecEndpoint"`
	HECEndpointType             string `setting:"hecEndpointType"`
	HECAckTimeoutSeconds        int32  `setting:"hecAckTimeoutSeconds"`
	SplunkBufferSizeMiB         int32  `setting:"splunkBufferSizeMiB"`
	SplunkBufferIntervalSeconds int32  `setting:"splunkBufferIntervalSeconds"`

	// Redshift: the warehouse's endpoint and port as it reports them.
	Endpoint      string `setting:"endpoint"`
	Port          string `setting:"port"`
	Database      string `setting:"database"`
	Table         string `setting:"table"`
	Columns       string `setting:"columns"`
	CopyOptions   string `setting:"copyOptions"`
	StagingPrefix string `setting:"stagingPrefix"`

	// OpenSearch.
	DomainArn     string `setting:"domainArn"`
	IndexName     string `setting:"indexName"`
	IndexRotation string `setting:"indexRotation"`
}

// NewSettings implements service.Typed.
func (*DeliveryStream) NewSettings() any { return &DeliveryStreamSettings{} }

// Precheck implements service.Prechecker: on AWS a Splunk destination
// still on the placeholder endpoint stops the deploy before anything is
// created (SplunkEndpointSet).
func (*DeliveryStream) Precheck(_ context.Context, env service.Env, p *plan.Plan) error {
	for _, r := range p.Resources {
		if r.Kind != plan.KindDeliveryStream {
			continue
		}
		s, err := service.DecodeFor[DeliveryStreamSettings](plan.KindDeliveryStream, r.Name, r.Settings)
		if err != nil {
			return err
		}
		if s.Destination == SplunkService {
			if err := SplunkEndpointSet(env.Target, s.HECEndpoint); err != nil {
				return err
			}
		}
	}
	return nil
}

// Kind implements service.Provider.
func (*DeliveryStream) Kind() plan.Kind { return plan.KindDeliveryStream }

// Always implements service.Lister: delivery streams are listed only when
// the plan has one.
func (*DeliveryStream) Always() bool { return false }

// Ensure implements service.Provider.
func (s *DeliveryStream) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	p, r := req.Plan, req.Resource
	in := &DeliveryStreamSettings{}
	if err := service.Decode(req.Inputs, in); err != nil {
		return nil, fmt.Errorf("delivery stream %s: %w", r.Name, err)
	}
	dest := &fhtypes.ExtendedS3DestinationConfiguration{
		BucketARN: aws.String(in.BucketArn), RoleARN: aws.String(in.RoleArn),
		BufferingHints:    &fhtypes.BufferingHints{SizeInMBs: aws.Int32(in.BufferSizeMiB), IntervalInSeconds: aws.Int32(in.BufferIntervalSeconds)},
		CompressionFormat: fhtypes.CompressionFormat(in.Compression),
	}
	if v := in.Prefix; v != "" {
		dest.Prefix = aws.String(v)
	}
	if v := in.ErrorPrefix; v != "" {
		dest.ErrorOutputPrefix = aws.String(v)
	}
	if g := in.ErrorLogGroup; g != "" {
		dest.CloudWatchLoggingOptions = &fhtypes.CloudWatchLoggingOptions{Enabled: aws.Bool(true),
			LogGroupName: aws.String(g), LogStreamName: aws.String(in.ErrorLogStream)}
	}
	if ps := processors(in); len(ps) > 0 {
		dest.ProcessingConfiguration = &fhtypes.ProcessingConfiguration{Enabled: aws.Bool(true), Processors: ps}
	}
	input := &firehose.CreateDeliveryStreamInput{DeliveryStreamName: aws.String(r.Name), ExtendedS3DestinationConfiguration: dest,
		DeliveryStreamType: fhtypes.DeliveryStreamTypeDirectPut}
	if in.Source == "KinesisStreamAsSource" {
		input.DeliveryStreamType = fhtypes.DeliveryStreamTypeKinesisStreamAsSource
		input.KinesisStreamSourceConfiguration = &fhtypes.KinesisStreamSourceConfiguration{KinesisStreamARN: aws.String(in.StreamArn), RoleARN: aws.String(in.RoleArn)}
	}
	if in.Destination == "opensearch" {
		openSearchDestination(input, in)
	}
	if in.Destination == HTTPEndpointService {
		h, err := httpEndpointDestination(req.Env, in, dest)
		if err != nil {
			return nil, err
		}
		input.ExtendedS3DestinationConfiguration, input.HttpEndpointDestinationConfiguration = nil, h
	}
	if in.Destination == SplunkService {
		sp, err := splunkDestination(req.Env, in, dest)
		if err != nil {
			return nil, err
		}
		input.ExtendedS3DestinationConfiguration, input.SplunkDestinationConfiguration = nil, sp
	}
	if in.Destination == "redshift" {
		rs, err := redshiftDestination(in, dest)
		if err != nil {
			return nil, err
		}
		input.ExtendedS3DestinationConfiguration, input.RedshiftDestinationConfiguration = nil, rs
	}
	input.Tags = service.TagList(p, func(k, v *string) fhtypes.Tag { return fhtypes.Tag{Key: k, Value: v} })
	// A role just created may not be visible to the service yet.
	transient := func(err error) bool {
		return service.ErrorCode(err) == "InvalidArgumentException" && service.RoleTransient(err)
	}
	err := req.Do(ctx, transient, func() error {
		_, err := s.c.CreateDeliveryStream(ctx, input)
		return err
	})
	if err == nil {
		req.Created(map[string]string{"name": r.Name})
	} else if service.ErrorCode(err) != "ResourceInUseException" {
		return nil, fmt.Errorf("create delivery stream: %w", err)
	}
	var streamARN string
	err = service.Poll(ctx, req.Wait(), "delivery stream "+r.Name, func() (bool, error) {
		out, err := s.c.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: aws.String(r.Name)})
		if err != nil {
			return false, fmt.Errorf("describe delivery stream: %w", err)
		}
		d := out.DeliveryStreamDescription
		streamARN = aws.ToString(d.DeliveryStreamARN)
		switch d.DeliveryStreamStatus {
		case fhtypes.DeliveryStreamStatusActive:
			return true, nil
		case fhtypes.DeliveryStreamStatusCreatingFailed:
			return false, fmt.Errorf("delivery stream %s failed to create: %v", r.Name, d.FailureDescription)
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return map[string]string{"name": r.Name, "arn": streamARN}, nil
}

// processors are the record processors of the plan's delivery stream. A
// CloudWatch Logs source gets Firehose's own decompression and message
// extraction, so S3 receives one log message per line instead of gzipped
// envelopes
// (https://docs.aws.amazon.com/firehose/latest/dev/writing-with-cloudwatch-logs-decompression.html,
// https://docs.aws.amazon.com/firehose/latest/APIReference/API_Processor.html);
// a Lambda transform runs on the extracted messages, before the delimiter
// is appended.
func processors(in *DeliveryStreamSettings) []fhtypes.Processor {
	var ps []fhtypes.Processor
	logs := in.CloudWatchLogs
	if logs {
		ps = append(ps, fhtypes.Processor{Type: fhtypes.ProcessorTypeDecompression, Parameters: []fhtypes.ProcessorParameter{
			{ParameterName: fhtypes.ProcessorParameterNameCompressionFormat, ParameterValue: aws.String("GZIP")}}},
			fhtypes.Processor{Type: fhtypes.ProcessorTypeCloudWatchLogProcessing, Parameters: []fhtypes.ProcessorParameter{
				{ParameterName: fhtypes.ProcessorParameterNameDataMessageExtraction, ParameterValue: aws.String("true")}}})
	}
	if t := in.TransformArn; t != "" {
		ps = append(ps, fhtypes.Processor{
			Type: fhtypes.ProcessorTypeLambda,
			Parameters: []fhtypes.ProcessorParameter{
				{ParameterName: fhtypes.ProcessorParameterNameLambdaArn, ParameterValue: aws.String(t)},
				{ParameterName: fhtypes.ProcessorParameterNameBufferSizeInMb, ParameterValue: aws.String(strconv.Itoa(int(in.TransformBufferSizeMiB)))},
			}})
	}
	if logs {
		ps = append(ps, fhtypes.Processor{Type: fhtypes.ProcessorTypeAppendDelimiterToRecord})
	}
	return ps
}

// Exists implements service.Provider.
func (s *DeliveryStream) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := s.c.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: aws.String(rec.Name)})
	return service.Exists(err)
}

// Drift implements service.Provider: nothing of a delivery stream is
// compared.
func (*DeliveryStream) Drift(context.Context, service.Env, *plan.Resource, *service.Record) (string, error) {
	return "", nil
}

// Delete implements service.Provider: Firehose has no waiter, so it polls
// until the stream is not found.
func (s *DeliveryStream) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	name := aws.String(rec.Name)
	if _, err := s.c.DeleteDeliveryStream(ctx, &firehose.DeleteDeliveryStreamInput{DeliveryStreamName: name}); err != nil {
		return err
	}
	return service.Poll(ctx, env.Wait(), "delete delivery stream "+rec.Name, func() (bool, error) {
		_, err := s.c.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: name})
		if service.IsNotFound(err) {
			return true, nil
		}
		return false, err
	})
}

// List implements service.Lister. It pages by name: Firehose has no
// paginator and returns ten names a page unless asked for more.
func (s *DeliveryStream) List(ctx context.Context, _ *plan.Plan) ([]service.Listed, error) {
	var out []service.Listed
	in := &firehose.ListDeliveryStreamsInput{}
	for {
		page, err := s.c.ListDeliveryStreams(ctx, in)
		if err != nil {
			return nil, err
		}
		for _, n := range page.DeliveryStreamNames {
			out = append(out, service.Listed{Name: n, Outputs: map[string]string{"name": n}, Tags: func(ctx context.Context) (map[string]string, error) {
				return s.tags(ctx, n)
			}})
		}
		names := page.DeliveryStreamNames
		if !aws.ToBool(page.HasMoreDeliveryStreams) || len(names) == 0 {
			return out, nil
		}
		in.ExclusiveStartDeliveryStreamName = aws.String(names[len(names)-1])
	}
}

// tags reads every page of a delivery stream's tags.
func (s *DeliveryStream) tags(ctx context.Context, name string) (map[string]string, error) {
	m := map[string]string{}
	in := &firehose.ListTagsForDeliveryStreamInput{DeliveryStreamName: aws.String(name)}
	for {
		t, err := s.c.ListTagsForDeliveryStream(ctx, in)
		if err != nil {
			return nil, err
		}
		maps.Copy(m, service.TagsOf(t.Tags, fhTag))
		if !aws.ToBool(t.HasMoreTags) || len(t.Tags) == 0 {
			return m, nil
		}
		in.ExclusiveStartTagKey = t.Tags[len(t.Tags)-1].Key
	}
}

func fhTag(t fhtypes.Tag) (*string, *string) { return t.Key, t.Value }
