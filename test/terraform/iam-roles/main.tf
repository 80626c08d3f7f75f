# Roles of a target account as a bastion setup makes them: an operators' role
# that needs MFA and sits inside a permissions boundary, with an AWS managed
# policy; an instance profile; GitHub's OIDC provider and a CI role trusting
# it; a service-linked role; the account's alias.
provider "aws" {
  profile = "prod"
  region  = "us-east-1"
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy" "read_only" {
  arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy" "boundary" {
  name        = "ops-boundary"
  description = "The most an operator may ever do"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:*", "iam:Get*", "iam:List*", "sts:GetCallerIdentity"], Resource = "*" }]
  })
}

resource "aws_iam_role" "ops" {
  name                 = "ops-admin"
  path                 = "/ops/"
  description          = "Operators from the bastion account, with MFA"
  max_session_duration = 7200
  permissions_boundary = aws_iam_policy.boundary.arn
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
  tags = { team = "ops" }
}

resource "aws_iam_role_policy_attachment" "ops_read_only" {
  role       = aws_iam_role.ops.name
  policy_arn = data.aws_iam_policy.read_only.arn
}

resource "aws_iam_role" "web" {
  name = "web"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_instance_profile" "web" {
  name = "web"
  path = "/app/"
  role = aws_iam_role.web.name
  tags = { tier = "web" }
}

resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
  tags            = { ci = "github" }
}

resource "aws_iam_role" "ci" {
  name = "github-ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = { StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" } }
    }]
  })
}

resource "aws_iam_service_linked_role" "autoscaling" {
  aws_service_name = "autoscaling.amazonaws.com"
  description      = "Auto Scaling for the web tier"
}

resource "aws_iam_account_alias" "prod" {
  account_alias = "gatehouse-prod-example"
}
