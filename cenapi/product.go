package cenapi

import (
	"context"
	"strconv"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
)

// product is one of the two APIs the client calls, as the SDK's generated
// service package for it would describe it: the product and version every
// call carries, and the rules that pick its endpoint.
//
// Why not the generated packages (services/cbn, services/vpc): they hold
// hundreds of operations each, and compiling them was most of a cold build
// for the eight calls made here. A CommonRequest goes through the same SDK
// core (signing, endpoint resolution, transport, reply decoding), so what
// goes over the wire is the same; see docs/cen-api.md#request-shape.
type product struct {
	name, version string
	// ramCode is the service of its RAM actions: cen for Cbn, vpc for Vpc
	// (docs/cen-api.md#access-denied).
	ramCode string
	// serviceCode is the SDK's "location" code, used only when nothing
	// else names the endpoint.
	serviceCode string
	// rule is "central" (one host for every region) or "regional"
	// (PRODUCT.REGION.aliyuncs.com); endpoints overrides it per region.
	rule      string
	endpoints map[string]string
}

// The two APIs, with the endpoint data of the generated packages of SDK
// v1.63.107 (services/cbn/endpoint.go, services/vpc/endpoint.go); see
// docs/cen-api.md#endpoints.
var (
	cbnProduct = product{name: "Cbn", version: "2017-09-12", ramCode: "cen", serviceCode: "cbn", rule: "central"}
	vpcProduct = product{name: "Vpc", version: "2016-04-28", ramCode: "vpc", serviceCode: "vpc", rule: "regional", endpoints: vpcEndpoints}
)

// vpcEndpoints are the VPC API's hosts that differ from the regional rule
// (vpc.REGION.aliyuncs.com), as the SDK's services/vpc package lists them.
var vpcEndpoints = map[string]string{
	"cn-shanghai-internal-test-1": "vpc-pre.cn-hangzhou.aliyuncs.com",
	"cn-beijing-gov-1":            "vpc.aliyuncs.com",
	"cn-shenzhen-su18-b01":        "vpc.aliyuncs.com",
	"cn-shanghai-inner":           "vpc.aliyuncs.com",
	"cn-shenzhen-st4-d01":         "vpc.aliyuncs.com",
	"cn-haidian-cm12-c01":         "vpc.aliyuncs.com",
	"cn-hangzhou-internal-prod-1": "vpc.aliyuncs.com",
	"cn-north-2-gov-1":            "vpc.aliyuncs.com",
	"cn-yushanfang":               "vpc.aliyuncs.com",
	"cn-hongkong-finance-pop":     "vpc.aliyuncs.com",
	"cn-qingdao-nebula":           "vpc-nebula.cn-qingdao-nebula.aliyuncs.com",
	"cn-shanghai-finance-1":       "vpc.aliyuncs.com",
	"cn-beijing-finance-pop":      "vpc.aliyuncs.com",
	"cn-wuhan":                    "vpc.aliyuncs.com",
	"cn-zhangbei":                 "vpc.aliyuncs.com",
	"cn-zhengzhou-nebula-1":       "vpc-nebula.cn-qingdao-nebula.aliyuncs.com",
	"rus-west-1-pop":              "vpc.aliyuncs.com",
	"cn-shanghai-et15-b01":        "vpc-pre.cn-hangzhou.aliyuncs.com",
	"cn-hangzhou-bj-b01":          "vpc.aliyuncs.com",
	"cn-hangzhou-internal-test-1": "vpc-pre.cn-hangzhou.aliyuncs.com",
	"eu-west-1-oxs":               "vpc-nebula.cn-shenzhen-cloudstone.aliyuncs.com",
	"cn-zhangbei-na61-b01":        "vpc.aliyuncs.com",
	"cn-hangzhou-internal-test-3": "vpc-pre.cn-hangzhou.aliyuncs.com",
	"cn-shenzhen-finance-1":       "vpc.aliyuncs.com",
	"cn-hangzhou-internal-test-2": "vpc-inner-pre.cn-hangzhou.aliyuncs.com",
	"cn-hangzhou-test-306":        "vpc-pre.cn-hangzhou.aliyuncs.com",
	"cn-huhehaote-nebula-1":       "vpc-nebula.cn-qingdao-nebula.aliyuncs.com",
	"cn-shanghai-et2-b01":         "vpc.aliyuncs.com",
	"cn-hangzhou-finance":         "vpc.aliyuncs.com",
	"cn-beijing-nu16-b01":         "vpc.aliyuncs.com",
	"cn-edge-1":                   "vpc-nebula.cn-qingdao-nebula.aliyuncs.com",
	"cn-fujian":                   "vpc.aliyuncs.com",
	"ap-northeast-2-pop":          "vpc.aliyuncs.com",
	"cn-shenzhen-inner":           "vpc.aliyuncs.com",
	"cn-zhangjiakou-na62-a01":     "vpc.cn-zhangjiakou.aliyuncs.com",
	"cn-hangzhou":                 "vpc.aliyuncs.com",
}

// newSDKClient is an SDK client for p, set up as the generated package's
// NewClientWithOptions sets up its own.
func (p product) newSDKClient(region string, cfg *sdk.Config, creds *lockedProvider) (*sdk.Client, error) {
	api, err := sdk.NewClientWithOptions(region, cfg, creds)
	if err != nil {
		return nil, err
	}
	api.SetEndpointRules(p.endpoints, p.rule, "")
	return api, nil
}

// permission is the RAM action that allows action of p.
func (p product) permission(action string) string { return p.ramCode + ":" + action }

// host is the host of Alibaba Cloud's endpoint of p in region, by the
// rule and map the SDK applies (docs/cen-api.md#endpoints).
func (p product) host(region string) string {
	if h := p.endpoints[region]; h != "" {
		return h
	}
	if p.rule == "central" {
		return p.serviceCode + ".aliyuncs.com"
	}
	return p.serviceCode + "." + region + ".aliyuncs.com"
}

// display describes ep as an endpoint of p: the URL given, or the host of
// Alibaba Cloud's endpoints by p's rule (docs/cen-api.md#endpoints).
func (p product) display(ep endpoint) string {
	if p.rule == "central" {
		return ep.display(p.host(""))
	}
	return ep.display(p.serviceCode + ".REGION.aliyuncs.com")
}

// call is one API call: the operation, the region it is made in ("" for
// the client's) and its query parameters.
type call struct {
	action string
	region string
	params params
}

// params are a call's query parameters. Empty values are not sent, as the
// generated requests leave out empty fields.
type params map[string]string

// list adds a repeated parameter: name.1, name.2, ... in order. An empty
// value is skipped and keeps its number, as the SDK does; see
// docs/cen-api.md#repeated-lists.
func (p params) list(name string, values []string) {
	for i, v := range values {
		p[name+"."+strconv.Itoa(i+1)] = v
	}
}

// request builds the SDK request of c, afresh for every attempt: the SDK
// writes the signature and its nonce into the request it sends.
func (p product) request(c call) *requests.CommonRequest {
	req := requests.NewCommonRequest()
	req.Method = requests.POST
	req.Product, req.Version, req.ApiName = p.name, p.version, c.action
	req.ServiceCode, req.EndpointType = p.serviceCode, "openAPI"
	req.RegionId = c.region
	for k, v := range c.params {
		if v != "" {
			req.QueryParams[k] = v
		}
	}
	req.TransToAcsRequest()
	return req
}

// reply is embedded in every decoded reply: the SDK records the HTTP
// status and body in it, then decodes the JSON body into the fields of the
// struct embedding it, with the lenient decoder of its generated replies
// (docs/cen-api.md#responses).
type reply struct{ *responses.BaseResponse }

func (r *reply) reset() { r.BaseResponse = &responses.BaseResponse{} }

// sdkReply is a pointer to a struct that embeds reply.
type sdkReply[R any] interface {
	*R
	responses.AcsResponse
	reset()
}

// invoke makes c on the API of p (c.cbn or c.vpc) and decodes the reply
// into a new R.
func invoke[R any, P sdkReply[R]](ctx context.Context, cl *Client, p *pool, c call) (*R, error) {
	return callAPI(ctx, cl, p, c.action, func(api *sdk.Client) (*R, error) {
		out := P(new(R))
		out.reset()
		err := api.DoAction(p.product.request(c), out)
		return (*R)(out), err
	})
}
