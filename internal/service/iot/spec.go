package iot

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/spec"
)

var topicRuleRe = regexp.MustCompile(`^[a-zA-Z0-9_]+$`)

var sqlFromRe = regexp.MustCompile(`(?i)\bFROM\s+'([^']*)'`)

// SpecRule checks the spec's iot section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	t := v.Spec.IoT
	if t == nil {
		return
	}
	v.Name("iot.rule", t.Rule, TopicRuleName)
	v.Name("iot.topic", t.Topic, MQTTTopic)
	v.Name("iot.role", t.Role, spec.RoleName)
	m := sqlFromRe.FindStringSubmatch(t.SQL)
	switch {
	case strings.TrimSpace(t.SQL) == "":
		v.Add("iot.sql", t.SQL, "must be an IoT SQL statement such as SELECT * FROM 'topic/filter'")
	case m == nil:
		v.Add("iot.sql", t.SQL, "must select FROM a quoted topic filter, e.g. SELECT * FROM 'my/topic' (AWS IoT SQL)")
	case MQTTTopic(t.Topic) == nil && !topicMatches(m[1], t.Topic):
		v.Add("iot.sql", t.SQL, fmt.Sprintf("reads topic filter %q, which does not match iot.topic %q, so the rule would never see the producer's messages", m[1], t.Topic))
	}
}

// topicMatches reports whether the MQTT topic filter (with + and #
// wildcards) matches the topic.
func topicMatches(filter, topic string) bool {
	fs, ts := strings.Split(filter, "/"), strings.Split(topic, "/")
	for i, f := range fs {
		switch {
		case f == "#" && i == len(fs)-1:
			return true
		case i >= len(ts):
			return false
		case f == "+":
		case f != ts[i]:
			return false
		}
	}
	return len(fs) == len(ts)
}

// TopicRuleName checks an IoT Core topic rule name: 1-128 characters of
// letters, digits and underscores (no hyphens).
func TopicRuleName(name string) error {
	if len(name) < 1 || len(name) > 128 || !topicRuleRe.MatchString(name) {
		return errors.New("must be 1-128 characters of letters, digits and underscores, no hyphens (AWS IoT topic rule name rules)")
	}
	return nil
}

// MQTTTopic checks the topic a producer publishes to on AWS IoT Core: 1-256
// bytes of UTF-8, at most 8 levels (7 slashes), no wildcards, and not a
// reserved topic starting with "$".
func MQTTTopic(topic string) error {
	const why = "(AWS IoT Core topic limits)"
	switch {
	case len(topic) < 1 || len(topic) > 256 || !utf8.ValidString(topic):
		return errors.New("must be 1-256 bytes of UTF-8 text " + why)
	case strings.ContainsAny(topic, "+#"):
		return errors.New(`must not contain the wildcards "+" or "#": a producer publishes to one concrete topic ` + why)
	case strings.HasPrefix(topic, "$"):
		return errors.New(`must not start with "$", which AWS IoT reserves for its own topics ` + why)
	case strings.ContainsRune(topic, 0):
		return errors.New("must not contain the NUL character (MQTT topic rules)")
	case strings.Count(topic, "/") > 7:
		return errors.New("must have at most 8 levels, that is at most 7 slashes " + why)
	}
	return nil
}

// SpecDefault fills the iot section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	n := s.Name
	if on["iot"] {
		topic := n + "/events"
		s.IoT = &spec.IoT{
			Rule:  strings.ReplaceAll(n, "-", "_") + "_rule",
			Topic: topic,
			SQL:   fmt.Sprintf("SELECT * FROM '%s'", topic),
			Role:  n + "-iot-rule",
		}
	}
}
