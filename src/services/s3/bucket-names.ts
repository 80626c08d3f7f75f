/** S3's general purpose bucket naming rules (Amazon S3 User Guide, "Bucket naming rules"). */
import { AwsError } from '../../core/aws-error.js';

export function checkBucketName(name: string): void {
  const ok =
    name.length >= 3 && name.length <= 63 &&
    /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d{1,3}(\.\d{1,3}){3}$/.test(name) &&
    !/^(xn--|sthree-|amzn-s3-demo-)/.test(name) &&
    !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name);
  if (!ok) throw new AwsError('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: name });
}
