"""What the demo agencies print on their documents (`documents.AgencyDocumentSettings`): the seal's
full name, the number prefix, the remedy clause's reconsideration body and court (legal.md §H), the
bank where fines are paid, and the address and phone of the agency.

Demo data, not real figures: addresses, phone numbers and bank accounts are invented. The
reconsideration body is the people's government at the agency's level (《行政复议法》（2023年修订）
第二十四条第一款第（一）项: a department's act is reviewed by the government of its level); the court
is a basic court of the district where the agency sits (《行政诉讼法》第十四条、第十八条). Running it again changes nothing that is already set.
"""

from __future__ import annotations

# prefecture key → (number prefix, district court, bank branch, account, address, postcode, phone)
AGENCY_DOCUMENTS = {
    "hz": (
        "杭交执",
        "杭州市上城区人民法院",
        "中国工商银行杭州解放路支行",
        "1202021109900012345",
        "浙江省杭州市上城区解放东路18号",
        "310016",
        "0571-87654321",
    ),
    "nb": (
        "甬交执",
        "宁波市海曙区人民法院",
        "中国农业银行宁波海曙支行",
        "39101001040012346",
        "浙江省宁波市海曙区中山西路28号",
        "315010",
        "0574-87365432",
    ),
    "cd": (
        "蓉交执",
        "成都市锦江区人民法院",
        "中国建设银行成都锦江支行",
        "51001406137050012347",
        "四川省成都市锦江区人民南路二段66号",
        "610021",
        "028-86543210",
    ),
    "my": (
        "绵交执",
        "绵阳市涪城区人民法院",
        "中国银行绵阳涪城支行",
        "119276012348",
        "四川省绵阳市涪城区临园路东段39号",
        "621000",
        "0816-2234567",
    ),
}


def load_document_settings() -> int:
    """One settings row per demo agency (the prefecture enforcement detachments); returns how many
    were made now. An agency's own edits in the admin are kept."""
    from zhifa.documents.models import AgencyDocumentSettings
    from zhifa.orgs.choices import AgencyKind
    from zhifa.orgs.models import Agency

    from .data import PLACES

    made = 0
    for key, (prefix, court, bank, account, address, postcode, phone) in AGENCY_DOCUMENTS.items():
        place = PLACES[key]
        agency = Agency.objects.filter(
            kind=AgencyKind.PREFECTURE_AGENCY,
            region__name=place.prefecture,
            region__parent__name=place.province,
        ).first()
        if agency is None:
            continue
        _row, created = AgencyDocumentSettings.objects.get_or_create(
            agency=agency,
            defaults={
                "number_prefix": prefix,
                "seal_name": agency.name,  # the full name, as on the seal
                "reconsideration_body": f"{place.prefecture}人民政府",
                "court": court,
                "payment_bank": bank,
                "payment_account": account,
                "address": address,
                "postcode": postcode,
                "contact_person": "法制科",
                "phone": phone,
            },
        )
        made += created
    return made
