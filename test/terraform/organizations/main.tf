# A landing zone as the management account builds it with AWS Organizations: the organization with
# SCPs and RCPs enabled and two trusted services, two OUs, three accounts created in them (each with
# the role the management account reaches it through, closed when destroyed), a region-deny SCP on
# both OUs and an RCP on the root that keeps S3 data inside the organization.
variable "allowed_regions" {
  type    = list(string)
  default = ["us-east-1", "eu-west-1"]
}
variable "staging_ou" {
  description = "workloads or security: the OU staging sits in"
  type        = string
  default     = "workloads"
}
variable "prod_tags" {
  type    = map(string)
  default = { environment = "production" }
}

provider "aws" {
  profile = "management"
  region  = "us-east-1"
}

resource "aws_organizations_organization" "this" {
  feature_set                   = "ALL"
  enabled_policy_types          = ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]
  aws_service_access_principals = ["cloudtrail.amazonaws.com", "config.amazonaws.com"]
}

resource "aws_organizations_organizational_unit" "workloads" {
  name      = "Workloads"
  parent_id = aws_organizations_organization.this.roots[0].id
  tags      = { tier = "workloads" }
}

resource "aws_organizations_organizational_unit" "security" {
  name      = "Security"
  parent_id = aws_organizations_organization.this.roots[0].id
}

resource "aws_organizations_account" "prod" {
  name              = "prod"
  email             = "aws+prod@example.com"
  parent_id         = aws_organizations_organizational_unit.workloads.id
  role_name         = "OrganizationAccountAccessRole"
  close_on_deletion = true
  tags              = var.prod_tags
}

resource "aws_organizations_account" "staging" {
  name              = "staging"
  email             = "aws+staging@example.com"
  parent_id         = var.staging_ou == "security" ? aws_organizations_organizational_unit.security.id : aws_organizations_organizational_unit.workloads.id
  role_name         = "OrganizationAccountAccessRole"
  close_on_deletion = true
}

resource "aws_organizations_account" "log_archive" {
  name              = "log-archive"
  email             = "aws+log-archive@example.com"
  parent_id         = aws_organizations_organizational_unit.security.id
  role_name         = "LandingZoneAdmin"
  close_on_deletion = true
}

# Deny everything outside the allowed regions but the global services' actions (AWS's example SCP
# "Deny access to AWS based on the requested AWS Region").
resource "aws_organizations_policy" "region_deny" {
  # Its content names nothing of the organization: without this it could be created before it.
  depends_on  = [aws_organizations_organization.this]
  name        = "region-deny"
  description = "Only the allowed regions, global services excepted"
  type        = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyAllOutsideAllowedRegions"
      Effect    = "Deny"
      NotAction = ["iam:*", "organizations:*", "route53:*", "cloudfront:*", "sts:*", "support:*", "budgets:*"]
      Resource  = "*"
      Condition = { StringNotEquals = { "aws:RequestedRegion" = var.allowed_regions } }
    }]
  })
}

# Only principals of this organization (or AWS services) may touch S3 data in its accounts
# (AWS's example RCP "Enforce identity perimeter").
resource "aws_organizations_policy" "s3_in_org" {
  name        = "s3-data-in-organization"
  description = "S3 data stays with the organization's principals"
  type        = "RESOURCE_CONTROL_POLICY"
  tags        = { guardrail = "data-perimeter" }
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EnforceOrgIdentities"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "*"
      Condition = {
        StringNotEqualsIfExists = { "aws:PrincipalOrgID" = aws_organizations_organization.this.id }
        BoolIfExists            = { "aws:PrincipalIsAWSService" = "false" }
      }
    }]
  })
}

resource "aws_organizations_policy_attachment" "region_deny_workloads" {
  policy_id = aws_organizations_policy.region_deny.id
  target_id = aws_organizations_organizational_unit.workloads.id
}

resource "aws_organizations_policy_attachment" "region_deny_security" {
  policy_id = aws_organizations_policy.region_deny.id
  target_id = aws_organizations_organizational_unit.security.id
}

resource "aws_organizations_policy_attachment" "s3_in_org_root" {
  policy_id = aws_organizations_policy.s3_in_org.id
  target_id = aws_organizations_organization.this.roots[0].id
}

output "organization_id" {
  value = aws_organizations_organization.this.id
}
output "root_id" {
  value = aws_organizations_organization.this.roots[0].id
}
output "account_ids" {
  value = {
    prod        = aws_organizations_account.prod.id
    staging     = aws_organizations_account.staging.id
    log_archive = aws_organizations_account.log_archive.id
  }
}
output "ou_ids" {
  value = {
    workloads = aws_organizations_organizational_unit.workloads.id
    security  = aws_organizations_organizational_unit.security.id
  }
}
