# The bastion scenario (README: "The scenario, by hand"): random_user in utils may assume s3-list-role
# in prod, which may list prod's buckets. Unchanged from the scenario's own Terraform but for the variables it needs.
variable "region_utils" {
  type    = string
  default = "us-east-1"
}
variable "region_prod" {
  type    = string
  default = "us-east-1"
}

provider "aws" {
  profile = "utils"
  region  = var.region_utils
}
provider "aws" {
  alias   = "prod"
  profile = "prod"
  region  = var.region_prod
}

data "aws_caller_identity" "utils" {}
data "aws_caller_identity" "prod" { provider = aws.prod }

# utils: the user and its right to assume the role in prod
resource "aws_iam_user" "random" {
  name = "random_user"
  tags = { name = "random" }
}
resource "aws_iam_policy" "prod_s3" {
  name        = "prod_s3"
  description = "allow assuming prod_s3 role"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sts:AssumeRole"
      Resource = "arn:aws:iam::${data.aws_caller_identity.prod.account_id}:role/${aws_iam_role.prod_list_s3.name}"
    }]
  })
}
resource "aws_iam_user_policy_attachment" "prod_s3" {
  user       = aws_iam_user.random.name
  policy_arn = aws_iam_policy.prod_s3.arn
}

# prod: the role, trusted by the utils account, allowed to list buckets
resource "aws_iam_role" "prod_list_s3" {
  provider = aws.prod
  name     = "s3-list-role"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.utils.account_id}:root" }
    }]
  })
}
resource "aws_iam_policy" "s3_list_all" {
  provider    = aws.prod
  name        = "s3_list_all"
  description = "allows listing all s3 buckets"
  policy      = file("role_permissions_policy.json")
}
resource "aws_iam_policy_attachment" "s3_list_all" {
  provider   = aws.prod
  name       = "list s3 buckets policy to role"
  roles      = [aws_iam_role.prod_list_s3.name]
  policy_arn = aws_iam_policy.s3_list_all.arn
}
