"""Writes src/Turnout.ControlPlane/Instances/instance-types.json: every ml.* type SageMaker accepts for a
production variant (botocore's ProductionVariantInstanceType enum), with vCPUs and memory.

vCPUs follow EC2's size names (medium 1, large 2, xlarge 4, Nxlarge 4N); memory is the family's GiB per
vCPU (compute-optimised 2, general-purpose 4, memory-optimised 8), with the listed exceptions taken from
the EC2 instance-type pages. Concurrency (predictions one instance serves at once) defaults to vCPUs.
Run: python3 tools/instance-catalog/generate.py [path/to/sagemaker/service-2.json[.gz]]
"""
import gzip
import json
import re
import sys
import glob

# GiB per vCPU by family prefix (longest match wins).
PER_VCPU = {"c": 2, "m": 4, "r": 8, "t2": 4, "g4dn": 4, "g5": 4, "g6": 4, "g6e": 8, "g7e": 8, "inf1": 2, "inf2": 4,
            "trn1": 4, "trn1n": 4, "trn2": 10.67, "dl1": 8, "p2": 15.25, "p3": 7.625, "p4d": 12, "p4de": 12,
            "p5": 10.67, "p5e": 10.67, "p5en": 10.67, "p6-b200": 10.67, "p6-b300": 10.67, "p6e-gb200": 26.67, "x": 16}
# Where a type is not what its size name says (vCPUs, GiB).
EXCEPTIONS = {
    "ml.t2.medium": (2, 4), "ml.t2.large": (2, 8), "ml.c4.large": (2, 3.75), "ml.c4.xlarge": (4, 7.5),
    "ml.c4.2xlarge": (8, 15), "ml.c4.4xlarge": (16, 30), "ml.c4.8xlarge": (36, 60), "ml.p2.8xlarge": (32, 488),
    "ml.p2.16xlarge": (64, 732), "ml.p3.8xlarge": (32, 244), "ml.p3.16xlarge": (64, 488), "ml.inf1.6xlarge": (24, 48),
    "ml.inf1.24xlarge": (96, 192), "ml.p5.4xlarge": (16, 256), "ml.p6e-gb200.36xlarge": (144, 960),
    "ml.g4dn.xlarge": (4, 16), "ml.inf2.xlarge": (4, 16), "ml.inf2.8xlarge": (32, 128), "ml.trn1.2xlarge": (8, 32),
}


def size_vcpus(size):
    if size == "medium":
        return 1
    if size == "large":
        return 2
    if size == "xlarge":
        return 4
    m = re.fullmatch(r"(\d+)xlarge", size)
    return 4 * int(m.group(1))


def family_rate(family):
    for length in range(len(family), 0, -1):
        if family[:length] in PER_VCPU:
            return PER_VCPU[family[:length]]
    raise SystemExit(f"no memory rule for family {family}")


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else sorted(glob.glob("/usr/lib/python3/dist-packages/botocore/data/sagemaker/*/service-2.json*"))[-1]
    model = json.load(gzip.open(path) if path.endswith(".gz") else open(path))
    types = {}
    for name in model["shapes"]["ProductionVariantInstanceType"]["enum"]:
        _, family, size = name.split(".")
        if name in EXCEPTIONS:
            vcpus, memory = EXCEPTIONS[name]
        else:
            vcpus = size_vcpus(size)
            rate = PER_VCPU[family] if family in PER_VCPU else family_rate(re.sub(r"\d.*", "", family))
            memory = round(vcpus * rate, 2)
        types[name] = {"vcpus": vcpus, "memoryGiB": memory}
    out = "src/Turnout.ControlPlane/Instances/instance-types.json"
    with open(out, "w") as f:
        json.dump({"source": "botocore sagemaker ProductionVariantInstanceType; see tools/instance-catalog/generate.py",
                   "instanceTypes": types}, f, indent=1, sort_keys=False)
        f.write("\n")
    print(f"{len(types)} instance types -> {out}")


if __name__ == "__main__":
    main()
