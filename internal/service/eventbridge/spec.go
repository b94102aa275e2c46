package eventbridge

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/sqs"
	"github.com/wireup/wireup/internal/spec"
)

var eventRuleRe = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

// maxEventPattern is the longest event pattern PutRule takes
// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html).
const maxEventPattern = 4096

// SpecRule checks the spec's eventbridge section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	e := v.Spec.EventBridge
	if e == nil {
		return
	}
	if e.EventBus != "default" {
		v.Add("eventbridge.eventBus", e.EventBus, "must be default: wireup puts its rule on the account's default event bus and creates no custom bus")
	}
	v.Name("eventbridge.rule", e.Rule, EventRuleName)
	v.Name("eventbridge.source", e.Source, EventSource)
	v.Name("eventbridge.detailType", e.DetailType, EventDetailType)
	if err := patternMatches(e.Pattern, e.Source, e.DetailType); err != nil {
		v.Add("eventbridge.pattern", e.Pattern, err.Error())
	}
	// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html
	v.Between("eventbridge.maxRetryAttempts", e.MaxRetryAttempts, 0, 185, "EventBridge retry policy")
	v.Between("eventbridge.maxEventAgeSeconds", e.MaxEventAgeSeconds, 60, 86400, "EventBridge retry policy: 1 minute to 24 hours")
	if q := e.DeadLetterQueue; q != "" {
		v.Name("eventbridge.deadLetterQueue", q, sqs.QueueName)
		if sq := v.Spec.SQS; sq != nil && (q == sq.Queue || q == sq.DeadLetterQueue) {
			v.Add("eventbridge.deadLetterQueue", q, "must differ from sqs.queue and sqs.deadLetterQueue: it holds the events the rule's target did not take")
		}
		if l := v.Spec.Lambda; l != nil && q == l.OnFailureQueue {
			v.Add("eventbridge.deadLetterQueue", q, "must differ from lambda.onFailureQueue")
		}
	}
	to := ""
	for _, h := range v.Spec.Route {
		if in := v.Catalog.Integration(h); in != nil && in.From == "eventbridge" {
			to = in.To
		}
	}
	// Kinesis and Firehose targets take a role; SQS and Lambda targets take
	// their resource policy, and a RoleArn on them can break delivery
	// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html).
	switch role := to == "kinesis" || to == "firehose"; {
	case role && e.Role == "":
		v.Add("eventbridge.role", "", fmt.Sprintf("is required: EventBridge writes to a %s target with a role it assumes", to))
	case role:
		v.Name("eventbridge.role", e.Role, spec.RoleName)
	case e.Role != "" && to != "":
		v.Add("eventbridge.role", e.Role, fmt.Sprintf("must be empty: EventBridge delivers to a %s target under its resource policy, with no role", to))
	}
}

// patternMatches checks an event pattern: a JSON object of at most
// maxEventPattern characters, and, where it lists literal values for
// source or detail-type, one of them is the producer's (else the rule would
// match none of its events).
func patternMatches(pattern, source, detailType string) error {
	if len(pattern) > maxEventPattern {
		return fmt.Errorf("must be at most %d characters (PutRule, https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html)", maxEventPattern)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(pattern), &obj); err != nil || len(obj) == 0 {
		return errors.New(`must be a JSON object with at least one field, such as {"source": ["my.app"]} (EventBridge event patterns, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html)`)
	}
	for _, f := range []struct{ key, field, want string }{{"source", "eventbridge.source", source}, {"detail-type", "eventbridge.detailType", detailType}} {
		raw, ok := obj[f.key]
		if !ok {
			continue
		}
		var values []any
		if json.Unmarshal(raw, &values) != nil {
			return fmt.Errorf("field %q must be an array of values to match (EventBridge event patterns, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html)", f.key)
		}
		literal, found := true, false
		for _, x := range values {
			s, isString := x.(string)
			literal = literal && isString
			found = found || s == f.want
		}
		if literal && !found {
			return fmt.Errorf("matches %s %v, not %s %q, so the rule would match none of the producer's events", f.key, values, f.field, f.want)
		}
	}
	return nil
}

// EventRuleName checks an EventBridge rule name: 1-64 characters of
// letters, digits, dots, hyphens and underscores
// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html).
func EventRuleName(name string) error {
	if len(name) < 1 || len(name) > 64 || !eventRuleRe.MatchString(name) {
		return errors.New("must be 1-64 characters of letters, digits, dots, hyphens and underscores (AWS EventBridge rule name rules, https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html)")
	}
	return nil
}

// EventSource checks the source a producer puts on its EventBridge events:
// 1-256 characters without control characters, not starting with "aws."
// (reserved for AWS services: PutEvents refuses it)
// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html,
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevents.html).
func EventSource(src string) error {
	switch {
	case len(src) < 1 || len(src) > 256 || !utf8.ValidString(src) || strings.ContainsFunc(src, unicode.IsControl):
		return errors.New("must be 1-256 characters of text without control characters (AWS EventBridge event source, https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html)")
	case strings.HasPrefix(strings.ToLower(src), "aws."):
		return errors.New(`must not start with "aws.", which EventBridge reserves for events from AWS services (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevents.html)`)
	}
	return nil
}

// EventDetailType checks the detail-type a producer puts on its
// EventBridge events: 1-128 characters without control characters
// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html).
func EventDetailType(dt string) error {
	if len(dt) < 1 || len(dt) > 128 || !utf8.ValidString(dt) || strings.ContainsFunc(dt, unicode.IsControl) {
		return errors.New("must be 1-128 characters of text without control characters (AWS EventBridge detail-type, https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html)")
	}
	return nil
}

// SpecDefault fills the eventbridge section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	n := s.Name
	if on["eventbridge"] {
		// A few retries within an hour, then the dead-letter queue: an event
		// the target keeps refusing shows up there instead of being retried
		// for a day and dropped (EventBridge's default)
		// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html).
		s.EventBridge = &spec.EventBridge{EventBus: "default", Rule: n + "-rule", Source: "wireup." + n, DetailType: "sample event",
			DeadLetterQueue: n + "-events-dlq", MaxRetryAttempts: 3, MaxEventAgeSeconds: 3600}
		s.EventBridge.Pattern = EventPattern(s.EventBridge.Source, s.EventBridge.DetailType)
		if s.HasHop(c, "eventbridge", "kinesis") || s.HasHop(c, "eventbridge", "firehose") {
			s.EventBridge.Role = n + "-events"
		}
	}
}

// EventPattern is the event pattern that matches exactly the events of one
// source and detail-type
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html).
func EventPattern(source, detailType string) string {
	b, _ := json.Marshal(map[string][]string{"source": {source}, "detail-type": {detailType}}) // strings always encode
	return string(b)
}
