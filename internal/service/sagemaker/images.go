package sagemaker

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wireup/wireup/internal/iam"
)

// ImageSource is where AWS lists the built-in algorithms' image registry
// paths per Region ("Docker Registry Paths and Example Code"); the XGBoost
// rows below are that page's "XGBoost (algorithm)" registry accounts, the
// same as the sagemaker-xgboost registries of the SageMaker Python SDK's
// image_uri_config/xgboost.json.
const ImageSource = "https://docs.aws.amazon.com/sagemaker/latest/dg-ecr-paths/sagemaker-algo-docker-registry-paths.html"

// XGBoostRepository is the ECR repository of the built-in XGBoost
// algorithm (versions 1.0-1 and later) in each Region's registry account.
const XGBoostRepository = "sagemaker-xgboost"

// xgboostRegistries are the AWS accounts that serve sagemaker-xgboost, by
// Region. A Region missing here is refused at plan time rather than
// guessed: the image URI names the account.
var xgboostRegistries = map[string]string{
	"af-south-1":     "510948584623",
	"ap-east-1":      "651117190479",
	"ap-northeast-1": "354813040037",
	"ap-northeast-2": "366743142698",
	"ap-northeast-3": "867004704886",
	"ap-south-1":     "720646828776",
	"ap-southeast-1": "121021644041",
	"ap-southeast-2": "783357654285",
	"ap-southeast-3": "951798379941",
	"ca-central-1":   "341280168497",
	"cn-north-1":     "450853457545",
	"cn-northwest-1": "451049120500",
	"eu-central-1":   "492215442770",
	"eu-north-1":     "662702820516",
	"eu-south-1":     "978288397137",
	"eu-west-1":      "141502667606",
	"eu-west-2":      "764974769150",
	"eu-west-3":      "659782779980",
	"me-south-1":     "801668240914",
	"sa-east-1":      "737474898029",
	"us-east-1":      "683313688378",
	"us-east-2":      "257758044811",
	"us-gov-west-1":  "414596584902",
	"us-west-1":      "746614075791",
	"us-west-2":      "246618743249",
}

// xgboostVersions are the image tags of the built-in algorithm AWS
// documents (https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost.html#xgboost-supported-versions).
var xgboostVersions = []string{"1.0-1", "1.2-1", "1.2-2", "1.3-1", "1.5-1", "1.7-1"}

// Image is the built-in XGBoost training image of one Region.
type Image struct {
	Region, Account, Version string
	// DNSSuffix is the Region's: amazonaws.com, or amazonaws.com.cn.
	DNSSuffix string
}

// URI is the image's registry path, ACCOUNT.dkr.ecr.REGION.SUFFIX/sagemaker-xgboost:VERSION.
func (i Image) URI() string {
	return fmt.Sprintf("%s.dkr.ecr.%s.%s/%s:%s", i.Account, i.Region, i.DNSSuffix, XGBoostRepository, i.Version)
}

// RepositoryARN is the ECR repository the execution role pulls the image from.
func (i Image) RepositoryARN() string {
	return fmt.Sprintf("arn:%s:ecr:%s:%s:repository/%s", iam.PartitionFor(i.Region), i.Region, i.Account, XGBoostRepository)
}

// XGBoostImage returns the built-in XGBoost image of region at version, or
// an error saying what to do where AWS lists none.
func XGBoostImage(region, version string) (Image, error) {
	acct, ok := xgboostRegistries[region]
	if !ok {
		return Image{}, fmt.Errorf("wireup has no SageMaker XGBoost image for Region %s: pick one of %s, or add the Region's registry account from %s",
			region, strings.Join(Regions(), ", "), ImageSource)
	}
	if !slices.Contains(xgboostVersions, version) {
		return Image{}, fmt.Errorf("sagemaker.xgboostVersion %q is not a built-in XGBoost version wireup knows (%s)", version, strings.Join(xgboostVersions, ", "))
	}
	return Image{Region: region, Account: acct, Version: version, DNSSuffix: iam.EnvFor(region, "000000000000").DNSSuffix()}, nil
}

// Regions are the Regions with a known image, sorted.
func Regions() []string {
	out := make([]string, 0, len(xgboostRegistries))
	for r := range xgboostRegistries {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}
