package spec

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// The rules below are plain func(string) error so the wizard's huh fields
// and flag parsing use exactly the checks Validate uses. Each error is the
// rule in words, without the value, so a caller can prefix the field and the
// value ("s3.bucket: "My_Bucket" must be ...").

var (
	projectNameRe = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	regionRe      = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$`)
	dottedNameRe  = regexp.MustCompile(`^[a-zA-Z0-9_.-]+$`)
	roleNameRe    = regexp.MustCompile(`^[\w+=,.@-]+$`)
	tagRe         = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)
)

// MaxProjectNameLen is the longest project name. Every default resource name
// is the project name plus a suffix, and the longest limits are the 63
// characters of an S3 bucket (name-region-data) and the 64 of an IAM role or
// Firehose delivery stream: 32 keeps all of them valid.
const MaxProjectNameLen = 32

// maxRegionLen bounds the region so the default bucket name fits 63
// characters; the longest region code AWS uses today is 15 characters.
const maxRegionLen = 20

// ProjectName checks a project name: 1-32 characters of lowercase letters,
// digits and hyphens, starting with a letter, ending with a letter or digit,
// without "--". The rule is stricter than any single AWS service so that
// every name New derives from it (bucket, stream, queue, roles, IoT rule) is
// valid too; "sthree" and "amzn-s3-demo" are refused because the bucket name
// starts with the project name and S3 reserves those prefixes.
func ProjectName(name string) error {
	if len(name) < 1 || len(name) > MaxProjectNameLen || !projectNameRe.MatchString(name) || strings.HasSuffix(name, "-") {
		return fmt.Errorf("must be 1-%d characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen (it prefixes every AWS resource name)", MaxProjectNameLen)
	}
	if strings.Contains(name, "--") {
		return errors.New(`must not contain "--" (S3 reserves bucket names with "xn--" prefixes and "--" suffixes, and the bucket name starts with the project name)`)
	}
	for _, p := range []string{"sthree", "amzn-s3-demo"} {
		if name == p || strings.HasPrefix(name, p+"-") {
			return fmt.Errorf("must not start with %q (S3 reserves the bucket prefix %q, and the bucket name starts with the project name)", p, p+"-")
		}
	}
	return nil
}

// Region checks the format of an AWS region code such as us-east-1,
// eu-central-2, cn-north-1 or us-gov-west-1. It does not check that the
// region exists, so new regions work without a wireup release.
func Region(region string) error {
	if len(region) > maxRegionLen || !regionRe.MatchString(region) {
		return fmt.Errorf("must be an AWS region code such as us-east-1, eu-central-2 or us-gov-west-1 (at most %d characters)", maxRegionLen)
	}
	return nil
}

func DottedName(name string, lo, hi int, what string) error {
	if len(name) < lo || len(name) > hi || !dottedNameRe.MatchString(name) {
		return fmt.Errorf("must be %d-%d characters of letters, digits, underscores, dots and hyphens (AWS %s rules)", lo, hi, what)
	}
	return nil
}

// RoleName checks an IAM role name: 1-64 characters of letters, digits and
// + = , . @ _ -.
func RoleName(name string) error {
	if len(name) < 1 || len(name) > 64 || !roleNameRe.MatchString(name) {
		return errors.New("must be 1-64 characters of letters, digits and + = , . @ _ - (AWS IAM role name rules)")
	}
	return nil
}

// TagKey checks a resource tag key: 1-128 Unicode characters of letters,
// digits, spaces and _ . : / = + - @, not starting with "aws:" (reserved by
// AWS) or "wireup:" (reserved for the tags wireup adds itself).
func TagKey(k string) error {
	if n := utf8.RuneCountInString(k); n < 1 || n > 128 || !tagRe.MatchString(k) {
		return errors.New("must be 1-128 characters of letters, digits, spaces and _ . : / = + - @ (AWS tag rules)")
	}
	lk := strings.ToLower(k)
	if strings.HasPrefix(lk, "aws:") {
		return errors.New(`must not start with "aws:", which AWS reserves (AWS tag rules)`)
	}
	if strings.HasPrefix(lk, "wireup:") {
		return errors.New(`must not start with "wireup:", which wireup reserves for the tags it adds itself`)
	}
	return nil
}

// TagValue checks a resource tag value: 0-256 Unicode characters of
// letters, digits, spaces and _ . : / = + - @.
func TagValue(v string) error {
	if utf8.RuneCountInString(v) > 256 || !tagRe.MatchString(v) {
		return errors.New("must be 0-256 characters of letters, digits, spaces and _ . : / = + - @ (AWS tag rules)")
	}
	return nil
}
