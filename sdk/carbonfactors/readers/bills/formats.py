"""The four bill formats: which of a file's columns hold each field a footprint needs.

A format lists, per canonical field, the column names that may hold it, in order (the
first one present wins, and later ones fill its nulls: FOCUS ``RegionId`` then
``RegionName``, as OCI rows put the region only there). The canonical fields are those of
the mapping tables (``service``, ``usage_type``, ``description``, ``unit``,
``resource_type``, ``instance_type``) plus the bill's own: account, project, quantity,
cost, currency, region, resource, charge period and what kind of charge a line is.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Charge kinds that are usage; every other value is a non-usage line (counted, not computed).
USAGE = frozenset({"usage", "discountedusage", "savingsplancoveredusage", "regular", "usage-based"})
#: Non-usage charge kinds by the lower-cased value of a bill's charge-kind column.
NON_USAGE = {
    "credit": "credit",
    "tax": "tax",
    "refund": "refund",
    "purchase": "purchase",
    "adjustment": "adjustment",
    "roundingadjustment": "adjustment",
    "rounding_error": "adjustment",
    "fee": "purchase",
    "rifee": "purchase",
    "savingsplanrecurringfee": "purchase",
    "savingsplanupfrontfee": "purchase",
    "savingsplannegation": "discount",
    "bundleddiscount": "discount",
    "edpdiscount": "discount",
    "privateratediscount": "discount",
    "discount": "discount",
    "unusedreservation": "unused-commitment",
    "unusedsavingsplan": "unused-commitment",
}


@dataclass(frozen=True)
class Format:
    name: str
    title: str
    #: Canonical field -> candidate column names, in order of preference.
    columns: dict[str, tuple[str, ...]]
    #: Fields whose column must be present (the header check names the first one missing).
    required: tuple[str, ...]
    #: The provider when the format is one provider's own (None: from ``provider_name``).
    provider: str | None = None


_REQUIRED = ("quantity", "unit", "cost", "start")

FOCUS = Format(
    "focus",
    "FOCUS 1.x cost and usage (CSV or Parquet)",
    {
        "provider_name": ("ServiceProviderName", "ProviderName"),
        "account": ("SubAccountId", "BillingAccountId"),
        "service": ("ServiceName",),
        "sku": ("SkuId",),
        "usage_type": ("x_UsageType", "x_usage_type", "SkuMeter"),
        "description": ("ChargeDescription",),
        "unit": ("ConsumedUnit",),
        "quantity": ("ConsumedQuantity",),
        "cost": ("EffectiveCost", "BilledCost"),
        "currency": ("BillingCurrency",),
        "region": ("RegionId", "RegionName"),
        "resource_id": ("ResourceId",),
        "resource_type": ("ResourceType",),
        "start": ("ChargePeriodStart",),
        "charge_category": ("ChargeCategory",),
        "charge_class": ("ChargeClass",),
        "commitment_status": ("CommitmentDiscountStatus",),
        "instance_type": ("x_InstanceType", "x_instance_type", "SkuPriceDetails"),
    },
    ("provider_name", "service", "charge_category", *_REQUIRED),
)

AWS_CUR = Format(
    "aws-cur",
    "AWS Cost and Usage Report: CUR 2.0 / Data Exports (snake_case) or legacy CUR",
    {
        "account": ("line_item_usage_account_id", "lineItem/UsageAccountId", "accountName"),
        "service": (
            "line_item_product_code",
            "product_servicecode",
            "lineItem/ProductCode",
            "product/servicecode",
            "serviceName",
        ),
        "sku": ("product_sku", "product/sku"),
        "usage_type": ("line_item_usage_type", "lineItem/UsageType", "usageType"),
        "description": ("line_item_line_item_description", "lineItem/LineItemDescription"),
        "unit": ("pricing_unit", "pricing/unit", "usageUnit"),
        "quantity": ("line_item_usage_amount", "lineItem/UsageAmount", "usageAmount"),
        "cost": ("line_item_unblended_cost", "lineItem/UnblendedCost", "cost"),
        "currency": ("line_item_currency_code", "lineItem/CurrencyCode"),
        "region": (
            "product_region_code",
            "product_region",
            "product/regionCode",
            "product/region",
            "region",
        ),
        "resource_id": ("line_item_resource_id", "lineItem/ResourceId"),
        "resource_type": ("product_product_family", "product/productFamily"),
        "start": ("line_item_usage_start_date", "lineItem/UsageStartDate", "timestamp"),
        "charge_category": ("line_item_line_item_type", "lineItem/LineItemType"),
        "instance_type": ("product_instance_type", "product/instanceType"),
        "vcpus": ("product_vcpu", "product/vcpu", "vCpus"),
    },
    ("service", "usage_type", *_REQUIRED),
    provider="aws",
)

GCP_BILLING = Format(
    "gcp-billing",
    "Google Cloud detailed billing export (BigQuery columns, flattened with dots)",
    {
        "account": ("billing_account_id", "accountId"),
        "project": ("project.id", "project_id", "accountName"),
        "service": ("service.description", "serviceName"),
        "sku": ("sku.id",),
        "usage_type": ("sku.description", "usageType"),
        "description": ("sku.description", "usageType"),
        "unit": ("usage.unit", "usageUnit"),
        "quantity": ("usage.amount", "usageAmount"),
        "cost": ("cost",),
        "currency": ("currency",),
        "region": ("location.region", "location.location", "region"),
        "resource_id": ("resource.global_name", "resource.name"),
        "start": ("usage_start_time", "timestamp"),
        "charge_category": ("cost_type",),
        "instance_type": ("machine_type", "machineType"),
    },
    ("service", "usage_type", *_REQUIRED),
    provider="gcp",
)

AZURE_COST = Format(
    "azure-cost",
    "Azure cost details (EA / MCA usage details CSV)",
    {
        "account": ("SubscriptionId", "SubscriptionGuid", "subscriptionId"),
        "project": ("ResourceGroup", "ResourceGroupName", "resourceGroup"),
        "service": ("MeterCategory", "meterCategory", "meterDetails.meterCategory"),
        "sku": ("MeterId", "meterId"),
        "meter_subcategory": ("MeterSubCategory", "meterSubCategory"),
        "meter_name": ("MeterName", "meterName", "meterDetails.meterName"),
        "description": ("Product", "ProductName", "productName"),
        "unit": ("UnitOfMeasure", "unitOfMeasure", "meterDetails.unitOfMeasure"),
        "quantity": ("Quantity", "quantity"),
        "cost": ("CostInBillingCurrency", "Cost", "costInBillingCurrency", "cost"),
        "currency": ("BillingCurrency", "BillingCurrencyCode", "billingCurrency"),
        "region": ("ResourceLocation", "resourceLocation"),
        "resource_id": ("ResourceId", "InstanceId", "resourceId"),
        "start": ("Date", "date", "UsageDateTime"),
        "charge_category": ("ChargeType", "chargeType"),
        "instance_type": ("AdditionalInfo", "additionalInfo"),
    },
    ("service", "meter_name", *_REQUIRED),
    provider="azure",
)

FORMATS: dict[str, Format] = {f.name: f for f in (FOCUS, AWS_CUR, GCP_BILLING, AZURE_COST)}
