"""Hand-made bills, one per format, whose totals are computed by hand in the tests.

With the tiny dataset of conftest.py (grid 400 g/kWh, PUE 1.5): 0.6 kgCO2e per IT kWh;
instances' embodied carbon is amortized over 5 years (43,800 h).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

FOCUS_COLUMNS = (
    "ProviderName,BillingAccountId,SubAccountId,ServiceName,ServiceCategory,SkuId,"
    "ChargeDescription,ChargeCategory,ChargeClass,ConsumedQuantity,ConsumedUnit,BilledCost,"
    "EffectiveCost,BillingCurrency,RegionId,RegionName,ResourceId,ResourceType,"
    "ChargePeriodStart,ChargePeriodEnd,CommitmentDiscountStatus,x_UsageType"
).split(",")


def focus_rows() -> list[dict[str, Any]]:
    base = {
        "ProviderName": "AWS",
        "BillingAccountId": "payer-1",
        "SubAccountId": "acct-a",
        "ServiceCategory": "Compute",
        "ChargeCategory": "Usage",
        "BillingCurrency": "USD",
        "RegionId": "us-east-1",
        "RegionName": "US East (N. Virginia)",
        "ChargePeriodStart": "2024-09-01T00:00:00Z",
        "ChargePeriodEnd": "2024-09-01T01:00:00Z",
    }
    ec2 = "Amazon Elastic Compute Cloud"
    rows = [
        # 1. m5.large, 2 h: 0.2 kWh -> 0.12 + embodied 876 x 2 / 43,800 = 0.04 -> 0.16
        dict(
            base,
            ServiceName=ec2,
            SkuId="S1",
            ChargeDescription="$0.096 per On Demand Linux m5.large Instance Hour",
            ConsumedQuantity="2",
            ConsumedUnit="Hours",
            BilledCost="0.192",
            EffectiveCost="0.192",
            ResourceId="i-1",
            ResourceType="instance",
        ),
        # 2. Fargate 10 vCPU-hours x 3 W = 0.03 kWh -> 0.018
        dict(
            base,
            ServiceName="Amazon Elastic Container Service",
            SkuId="S2",
            ChargeDescription="AWS Fargate - vCPU - US East (N. Virginia)",
            ConsumedQuantity="10",
            ConsumedUnit="Hours",
            BilledCost="0.4",
            EffectiveCost="0.4",
        ),
        # 3. Fargate 20 GB-hours x 0.4 W = 0.008 kWh -> 0.0048
        dict(
            base,
            ServiceName="Amazon Elastic Container Service",
            SkuId="S3",
            ChargeDescription="AWS Fargate - Memory - US East (N. Virginia)",
            ConsumedQuantity="20",
            ConsumedUnit="Hours",
            BilledCost="0.1",
            EffectiveCost="0.1",
        ),
        # 4. EBS gp3 1,000 GB-months = 730 TB-hours x 1.2 W = 0.876 kWh -> 0.5256
        dict(
            base,
            ServiceName=ec2,
            ServiceCategory="Storage",
            SkuId="S4",
            ChargeDescription="$0.08 per GB-month of General Purpose SSD (gp3) provisioned storage - US East (N. Virginia)",
            ConsumedQuantity="1000",
            ConsumedUnit="GB-Months",
            BilledCost="80",
            EffectiveCost="80",
            ResourceId="vol-1",
            ResourceType="volume",
        ),
        # 5. 5 GB to another region x 1 Wh = 0.005 kWh -> 0.003
        dict(
            base,
            ServiceName=ec2,
            SkuId="S5",
            ChargeDescription="$0.02 per GB - US East (Northern Virginia) data transfer to EU (Ireland)",
            ConsumedQuantity="5",
            ConsumedUnit="GB",
            BilledCost="0.1",
            EffectiveCost="0.1",
        ),
        # 6. requests: unsupported (kept, error_type unsupported-requests)
        dict(
            base,
            ServiceName="Amazon Simple Queue Service",
            SkuId="S6",
            ChargeDescription="$0.40 per million requests",
            ConsumedQuantity="1000",
            ConsumedUnit="Requests",
            BilledCost="0.5",
            EffectiveCost="0.5",
        ),
        # 7. tax and 8. credit: non-usage, counted, not computed
        dict(
            base,
            ServiceName=ec2,
            ChargeCategory="Tax",
            ChargeDescription="Tax",
            ConsumedQuantity="NULL",
            ConsumedUnit="NULL",
            BilledCost="9",
            EffectiveCost="9",
        ),
        dict(
            base,
            ServiceName=ec2,
            ChargeCategory="Credit",
            ChargeDescription="Credit",
            ConsumedQuantity="NULL",
            ConsumedUnit="NULL",
            BilledCost="-5",
            EffectiveCost="-5",
        ),
        # 9. unknown SKU (kept, error_type unknown-sku)
        dict(
            base,
            ServiceName="Amazon Foo",
            SkuId="S9",
            ChargeDescription="Foo widgets",
            ConsumedQuantity="3",
            ConsumedUnit="Widgets",
            BilledCost="1.7",
            EffectiveCost="1.7",
        ),
        # 10. an instance line without quantity (kept, error_type no-quantity)
        dict(
            base,
            ServiceName=ec2,
            SkuId="S1",
            ChargeDescription="$0.096 per On Demand Linux m5.large Instance Hour",
            ConsumedQuantity="NULL",
            ConsumedUnit="Hours",
            BilledCost="0",
            EffectiveCost="0",
            ResourceId="i-2",
            ResourceType="instance",
        ),
        # 11. g4dn.xlarge by its usage type, 1 h: 0.2 kWh -> 0.12 + 1752 / 43,800 = 0.04 -> 0.16
        dict(
            base,
            SubAccountId="acct-b",
            ServiceName=ec2,
            SkuId="S11",
            ChargeDescription="GPU instance",
            ConsumedQuantity="1",
            ConsumedUnit="Hours",
            BilledCost="0.526",
            EffectiveCost="0.526",
            ResourceId="i-3",
            ResourceType="instance",
            x_UsageType="USE1-BoxUsage:g4dn.xlarge",
            ChargePeriodStart="2024-10-01T00:00:00Z",
        ),
    ]
    return rows


FOCUS_TOTAL = 0.16 + 0.018 + 0.0048 + 0.5256 + 0.003 + 0.16


def write_csv(path: Path, rows: list[dict[str, Any]], columns: list[str] | None = None) -> Path:
    cols = columns or sorted({k for r in rows for k in r})
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({c: r.get(c, "") for c in cols})
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


#: What the CUR 2.0 lines below share (the base every line is ``dict(_CUR2, ...)`` of).
_CUR2 = {
    "line_item_line_item_type": "Usage",
    "line_item_usage_account_id": "111",
    "line_item_product_code": "AmazonEC2",
    "line_item_currency_code": "USD",
    "line_item_usage_start_date": "2024-09-02T00:00:00Z",
}


def _cur2(usage_type: str, unit: str, amount: str, cost: str, **more: str) -> dict[str, str]:
    return dict(
        _CUR2,
        line_item_usage_type=usage_type,
        pricing_unit=unit,
        line_item_usage_amount=amount,
        line_item_unblended_cost=cost,
        **more,
    )


CUR2_ROWS = [
    # m5.large 3 h: 0.3 kWh -> 0.18 + 876 x 3 / 43,800 = 0.06 -> 0.24
    _cur2(
        "USE1-BoxUsage:m5.large",
        "Hrs",
        "3",
        "0.288",
        line_item_line_item_description="m5.large",
        product_region_code="us-east-1",
        line_item_resource_id="i-9",
        product_instance_type="m5.large",
    ),
    # gp2 2,000 GB-Mo = 1,460 TB-h x 1.2 W = 1.752 kWh -> 1.0512
    _cur2("USE1-EBS:VolumeUsage.gp2", "GB-Mo", "2000", "200", product_region_code="us-east-1"),
    # 10 GB between regions -> 0.01 kWh -> 0.006
    _cur2(
        "USE1-EUC1-AWS-Out-Bytes",
        "GB",
        "10",
        "0.2",
        line_item_usage_account_id="222",
        product_region_code="us-east-1",
        line_item_usage_start_date="2024-09-03T00:00:00Z",
    ),
    # savings-plan fee and tax: non-usage
    _cur2(
        "ComputeSP:1yrNoUpfront",
        "Hrs",
        "1",
        "10",
        line_item_line_item_type="SavingsPlanRecurringFee",
        line_item_product_code="ComputeSavingsPlans",
        line_item_usage_start_date="2024-09-01T00:00:00Z",
    ),
    _cur2(
        "",
        "",
        "0",
        "3",
        line_item_line_item_type="Tax",
        line_item_usage_start_date="2024-09-01T00:00:00Z",
    ),
]
CUR2_TOTAL = 0.24 + 1.0512 + 0.006

LEGACY_CUR_ROWS = [
    # m5.large 1 h -> 0.08
    {
        "lineItem/LineItemType": "Usage",
        "lineItem/UsageAccountId": "111",
        "lineItem/ProductCode": "AmazonEC2",
        "lineItem/UsageType": "BoxUsage:m5.large",
        "pricing/unit": "Hrs",
        "lineItem/UsageAmount": "1",
        "lineItem/UnblendedCost": "0.096",
        "lineItem/CurrencyCode": "USD",
        "product/region": "us-east-1",
        "lineItem/UsageStartDate": "2024-09-02T00:00:00Z",
        "product/instanceType": "m5.large",
    },
]


def _gcp(project: str, sku: str, amount: str, unit: str, cost: str, **more: str) -> dict[str, str]:
    """A detailed-billing-export line of Compute Engine in us-east1 (``more`` overrides)."""
    row = {
        "project.id": project,
        "service.description": "Compute Engine",
        "sku.description": sku,
        "usage.amount": amount,
        "usage.unit": unit,
        "cost": cost,
        "currency": "USD",
        "location.region": "us-east1",
        "usage_start_time": "2024-09-01 00:00:00 UTC",
        "cost_type": "regular",
    }
    return {**row, **more}


GCP_ROWS = [
    # 4 core-hours (14,400 core-seconds) x 4 W = 0.016 kWh -> 0.0096
    _gcp("proj-a", "N1 Predefined Instance Core running in Virginia", "14400", "seconds", "0.1"),
    # 16 GB for 1 h (5.76e13 byte-seconds) x 0.4 W = 0.0064 kWh -> 0.00384
    _gcp(
        "proj-a",
        "N1 Predefined Instance Ram running in Virginia",
        "5.76e13",
        "byte-seconds",
        "0.05",
    ),
    # one T4 for 1 h: 0.07 kWh -> 0.042 + 438 / 43,800 = 0.01 -> 0.052
    _gcp("proj-b", "Nvidia Tesla T4 GPU running in Americas", "3600", "seconds", "0.35"),
    # 100 GB for 10 h of standard PD (3.6e15 byte-seconds) = 1 TB-h x 0.6 W -> 0.00036
    _gcp("proj-b", "Storage PD Capacity", "3.6e15", "byte-seconds", "0.01"),
    # 10 GiB-months of SSD PD = 7.838 TB-h x 1.2 W -> 0.0056437
    _gcp("proj-b", "SSD backed PD Capacity", "10", "gibibyte month", "1.7"),
    _gcp("proj-b", "Tax", "0", "", "0.2", **{"location.region": "", "cost_type": "tax"}),
]
GCP_TOTAL = 0.0096 + 0.00384 + 0.052 + 0.00036 + (10 * 2**30 / 1e9 * 730 / 1000 * 1.2 / 1000 * 0.6)


def _azure(meter: str, unit: str, quantity: str, cost: str, **more: str) -> dict[str, str]:
    """A cost-details line of a D-series VM of subscription sub-1 (``more`` overrides)."""
    row = {
        "SubscriptionId": "sub-1",
        "ResourceGroup": "rg-a",
        "MeterCategory": "Virtual Machines",
        "MeterSubCategory": "Dv3/DSv3 Series",
        "MeterName": meter,
        "Product": "",
        "UnitOfMeasure": unit,
        "Quantity": quantity,
        "CostInBillingCurrency": cost,
        "BillingCurrency": "EUR",
        "ResourceLocation": "EastUS",
        "ResourceId": "/subscriptions/sub-1/vm1",
        "Date": "09/04/2023",
        "ChargeType": "Usage",
        "AdditionalInfo": "",
    }
    return {**row, **more}


AZURE_ROWS = [
    # D2s v3 (AdditionalInfo) 24 h x 50 W = 1.2 kWh -> 0.72 + 438 x 24 / 43,800 = 0.24 -> 0.96
    _azure(
        "D2 v3/D2s v3",
        "1 Hour",
        "24",
        "2.3",
        Product="Virtual Machines Dv3/DSv3 Series - D2s v3 - US East",
        AdditionalInfo='{"ServiceType":"Standard_D2s_v3","UsageType":"ComputeHR"}',
    ),
    # D2s v3 by meter name only, 5 h (Quantity is in hours; "10 Hours" is the price block):
    # 0.25 kWh -> 0.15 + 0.05 -> 0.2
    _azure(
        "D2s v3",
        "10 Hours",
        "5",
        "0.5",
        ResourceLocation="West Europe",
        ResourceId="/subscriptions/sub-1/vm2",
        Date="2023-09-05",
    ),
    # 100 GB-months stored = 73 TB-h x 1.2 W = 0.0876 kWh -> 0.05256
    _azure(
        "Hot LRS Data Stored",
        "1 GB/Month",
        "100",
        "2",
        SubscriptionId="sub-2",
        ResourceGroup="rg-b",
        MeterCategory="Storage",
        MeterSubCategory="Tiered Block Blob",
        Product="Tiered Block Blob - Hot LRS - Data Stored - US East",
        ResourceLocation="eastus",
        ResourceId="/subscriptions/sub-2/sa",
    ),
    # a reservation purchase and a reversal: non-usage
    _azure(
        "B1s",
        "1 Hour",
        "1",
        "3.25",
        ResourceGroup="",
        MeterSubCategory="BS Series",
        ResourceLocation="uksouth",
        ResourceId="",
        Date="09/21/2023",
        ChargeType="Purchase",
    ),
    _azure(
        "D2 v3/D2s v3", "1 Hour", "-2", "-0.2", AdditionalInfo='{"ServiceType":"Standard_D2s_v3"}'
    ),
]
AZURE_TOTAL = 0.96 + 0.2 + 0.05256


def rounded(obj: Any) -> Any:
    """Floats to 9 significant digits (sums in another order differ in the last bits)."""
    if isinstance(obj, float):
        return float(f"{obj:.9g}")
    if isinstance(obj, dict):
        return {k: rounded(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [rounded(v) for v in obj]
    return obj
