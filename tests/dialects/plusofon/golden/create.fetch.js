const url = new URL(
"https://restapi.plusofon.ru/api/v1/contact-lists"
);
let headers = {
"Content-Type": "application/json",
"Accept": "application/json",
"Client": "10553",
"Authorization": "Bearer {token}",
};
let body = {
"name": "Black List 1",
"type": "black",
"contacts": [
{
"name": "Ivan Ivanov",
"phones": [
"79998887766"
]
}
]
}
fetch(url, {
method: "POST",
headers: headers,
body: body
})
.then(response => response.json())
.then(json => console.log(json));
