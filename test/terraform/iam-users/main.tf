# Users of a bastion account with groups, group policies, memberships both ways,
# console passwords under an account password policy. force_destroy lets
# `terraform destroy` remove credentials made outside Terraform.
provider "aws" {
  profile = "utils"
  region  = "us-east-1"
}

resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length        = 14
  require_lowercase_characters   = true
  require_uppercase_characters   = true
  require_numbers                = true
  require_symbols                = true
  allow_users_to_change_password = true
  password_reuse_prevention      = 3
}

resource "aws_iam_user" "alice" {
  name          = "alice"
  path          = "/people/"
  force_destroy = true
  tags          = { team = "platform" }
}

resource "aws_iam_user" "bob" {
  name          = "bob"
  force_destroy = true
}

resource "aws_iam_group" "admins" {
  name = "admins"
  path = "/ops/"
}

resource "aws_iam_group" "readers" {
  name = "readers"
}

resource "aws_iam_group_membership" "admins" {
  name  = "admins-members"
  group = aws_iam_group.admins.name
  users = [aws_iam_user.alice.name]
}

# aws_iam_group_membership owns a group's whole member list, so bob joins
# another group from his side.
resource "aws_iam_user_group_membership" "bob" {
  user   = aws_iam_user.bob.name
  groups = [aws_iam_group.readers.name]
}

resource "aws_iam_group_policy" "read_iam" {
  name  = "read-iam"
  group = aws_iam_group.readers.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:Get*", "iam:List*"], Resource = "*" }]
  })
}

resource "aws_iam_policy" "assume_any" {
  name = "assume-any-role"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Resource  = "*"
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
}

resource "aws_iam_group_policy_attachment" "admins_assume" {
  group      = aws_iam_group.admins.name
  policy_arn = aws_iam_policy.assume_any.arn
}

resource "aws_iam_user_login_profile" "alice" {
  user                    = aws_iam_user.alice.name
  password_reset_required = true
  depends_on              = [aws_iam_account_password_policy.strict]
}
