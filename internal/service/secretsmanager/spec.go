package secretsmanager

import (
	"errors"
	"regexp"
)

var secretNameRe = regexp.MustCompile(`^[A-Za-z0-9/_+=.@-]{1,512}$`)

// SecretName checks a Secrets Manager secret name: 1-512 characters of
// letters, digits and / _ + = . @ -
// (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html).
func SecretName(name string) error {
	if !secretNameRe.MatchString(name) {
		return errors.New("must be 1-512 characters of letters, digits and / _ + = . @ - (AWS Secrets Manager secret name rules, https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html)")
	}
	return nil
}
