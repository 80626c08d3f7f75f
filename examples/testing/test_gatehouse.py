# examples/testing/test_gatehouse.py — run with: pytest
def test_each_account_answers_as_itself(gatehouse):
    me = gatehouse.client("sts", "prod").get_caller_identity()
    assert me["Account"] == gatehouse.accounts["prod"]["id"]


def test_a_test_creates_a_user_and_a_bucket(gatehouse):
    gatehouse.client("iam", "utils").create_user(UserName="deployer")
    gatehouse.client("s3", "utils").create_bucket(Bucket="utils-artifacts")


def test_the_next_test_starts_from_the_estate_as_it_was(gatehouse):
    assert gatehouse.client("iam", "utils").list_users()["Users"] == []
    assert gatehouse.client("s3", "utils").list_buckets()["Buckets"] == []
