package opensearch

import (
	"fmt"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/spec"
)

// AccessInput describes who may call a domain: the project's roles that
// write into its index, and the account's identities that read it.
type AccessInput struct {
	Domain, Index string
	// IoTRole is the topic rule's role (iot-to-opensearch), or "".
	IoTRole string
	// FirehoseRole is the delivery stream's role (firehose-to-opensearch), or "".
	FirehoseRole string
}

// AccessInputFor is the access input of the spec's domain.
func AccessInputFor(s *spec.Spec) AccessInput {
	o := s.OpenSearch
	in := AccessInput{Domain: o.Domain, Index: o.Index}
	for _, h := range s.Route {
		switch h {
		case "iot-to-opensearch":
			in.IoTRole = s.IoT.Role
		case "firehose-to-opensearch":
			in.FirehoseRole = s.Firehose.Role
		}
	}
	return in
}

// SearchPath is the reader's path: _search of every index named from
// Index (the index itself and the ones Firehose rotates from it,
// INDEX-YYYY-MM-DD), the path the reader and verify request
// (POST /INDEX*/_search).
func (in AccessInput) SearchPath() string { return in.Index + "*/_search" }

// DocPath is the path the IoT openSearch action writes a document to:
// PUT /INDEX/_doc/ID.
func DocPath(index string) string { return index + "/_doc/*" }

// AccessPolicy returns the domain's access policy: IAM only (no IP
// conditions, no anonymous access, no fine-grained access control). It
// names each project role that writes, with the HTTP actions on the paths
// it writes, and the account, which delegates the reads to identity
// policies: a reader (cmd/consumer, verify) needs es:ESHttpPost on the
// index's _search in its own policy
// (iam/consumer-policy.json). AWS documents the resource-based domain
// policy, the ESHttp* actions per HTTP method and path, and delegation to
// the account at https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html.
func AccessPolicy(env iam.Env, in AccessInput) (iam.ResourcePolicy, error) {
	what := fmt.Sprintf("OpenSearch access policy of domain %s", in.Domain)
	if err := env.Check(); err != nil {
		return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	for _, f := range []struct{ what, v string }{{"domain", in.Domain}, {"index", in.Index}} {
		if err := iam.CheckName(f.what, f.v); err != nil {
			return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
		}
	}
	domain := env.DomainARN(in.Domain)
	var stmts []iam.Statement
	var notes []string
	if in.IoTRole != "" {
		if err := iam.CheckRoleName(in.IoTRole); err != nil {
			return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
		}
		s := iam.AllowStatement("IoTRuleIndexes", []string{"es:ESHttpPut"}, domain+"/"+DocPath(in.Index))
		s.Principal = &iam.Principal{AWS: []string{env.RoleARN(in.IoTRole)}}
		stmts = append(stmts, s)
		notes = append(notes, "The IoT rule role may only PUT documents into "+in.Index+" (PUT /"+in.Index+"/_doc/ID, https://docs.aws.amazon.com/iot/latest/developerguide/opensearch-rule-action.html).")
	}
	if in.FirehoseRole != "" {
		if err := iam.CheckRoleName(in.FirehoseRole); err != nil {
			return iam.ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
		}
		// Firehose bulk-indexes with POST /_bulk and reads the domain's
		// settings and mappings, the paths AWS's example grants
		// (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-es).
		w := iam.AllowStatement("FirehoseIndexes", []string{"es:ESHttpPost", "es:ESHttpPut"}, domain, domain+"/*")
		w.Principal = &iam.Principal{AWS: []string{env.RoleARN(in.FirehoseRole)}}
		r := iam.AllowStatement("FirehoseReadsSettings", []string{"es:ESHttpGet"}, FirehoseReadPaths(env, in.Domain, in.Index)...)
		r.Principal = w.Principal
		stmts = append(stmts, w, r)
		notes = append(notes, "The Firehose role may POST and PUT anywhere in the domain, as AWS's example grants: Firehose sends POST /_bulk at the domain's root, which no index path can narrow (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-es).")
	}
	read := iam.AllowStatement("AccountSearchesIndex", []string{"es:ESHttpPost"}, domain+"/"+in.SearchPath())
	read.Principal = &iam.Principal{AWS: []string{env.RootARN()}}
	stmts = append(stmts, read)
	notes = append(notes,
		"The account principal delegates searching the index to IAM: an identity of the account can search it only if its own policy allows es:ESHttpPost there (iam/consumer-policy.json); nothing else of the domain is open to it, and nobody outside the account (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html).",
		"No fine-grained access control: with it, each role would also need a backend-role mapping made through the domain's security plugin after the domain is up (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html).")
	return iam.Validated(env, what, iam.ResourcePolicy{
		Kind:     iam.OpenSearchAccessPolicy,
		Target:   domain,
		Purpose:  fmt.Sprintf("Lets the project's roles write into index %s of OpenSearch domain %s, and the account's identities search it; nothing else, and no one outside the account.", in.Index, in.Domain),
		Document: iam.NewDocument(stmts...),
		Notes:    notes,
	})
}

// FirehoseReadPaths are the domain paths Firehose reads before it
// delivers (AWS's example policy for a Firehose role,
// https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-es).
func FirehoseReadPaths(env iam.Env, domain, index string) []string {
	d := env.DomainARN(domain)
	return []string{d + "/_all/_settings", d + "/_cluster/stats", d + "/_nodes", d + "/_nodes/*/stats", d + "/_nodes/stats", d + "/_stats",
		d + "/" + index + "*/_mapping/*", d + "/" + index + "*/_stats"}
}
