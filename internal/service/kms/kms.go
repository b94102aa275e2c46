// Package kms holds what wireup knows of AWS KMS keys: it creates none,
// and a spec names the customer managed key that encrypts a topic or a
// queue by its ARN.
package kms

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/wireup/wireup/internal/spec"
)

// KeyARNIn checks the ARN of a customer managed key that encrypts a
// resource (what: "topic", "queue") in region: an ARN, not an alias, as the
// grants and key-policy statements wireup writes name the key itself, and
// in the Region of the resource it encrypts (KMS keys are regional).
func KeyARNIn(key, region, what string) error {
	a, err := arn.Parse(key)
	id, ok := strings.CutPrefix(a.Resource, "key/")
	if err != nil || a.Service != "kms" || a.AccountID == "" || !ok || id == "" || strings.Contains(id, "/") {
		return errors.New("must be a KMS key ARN (arn:aws:kms:" + region + ":account:key/id), not an alias: the key policy statements wireup writes name the key")
	}
	if a.Region != region {
		return fmt.Errorf("must be a key in the project's Region %s, not %s: a %s can only use a key of its own Region", region, a.Region, what)
	}
	return nil
}

// CheckKey checks the kmsKey of a spec section (section "sns", what
// "topic"): a key ARN in the project's Region, with the section's
// encryption on, as the key is what encrypts it.
func CheckKey(v *spec.Validator, section, key string, encryption bool, what string) {
	v.Name(section+".kmsKey", key, func(k string) error { return KeyARNIn(k, v.Spec.Region, what) })
	if !encryption {
		v.Add(section+".encryption", "false", "must be true with "+section+".kmsKey: the key encrypts the "+what)
	}
}
